"""Schemathesis hooks of `npm run fuzz` (loaded through SCHEMATHESIS_HOOKS)."""

import os

import schemathesis

# The accounts the run signs in with: changing one (a new password, disabled) would end the session it fuzzes with.
PROTECTED = set(filter(None, os.environ.get("FUZZ_PROTECTED_USER_IDS", "").split(",")))


@schemathesis.hook
def before_call(context, case, kwargs):
    """Points a call that names a fuzzing account's ID at an ID that names no one."""
    if case.path_parameters and case.path_parameters.get("id") in PROTECTED:
        case.path_parameters["id"] = "fuzz-protected-account"
