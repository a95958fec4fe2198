/**
 * The signing agent's configuration, from environment variables. It needs none of the server's secrets:
 * it runs on the UKey holder's own machine.
 */
import { DEFAULT_PIN_ATTEMPT_LIMIT } from '../contracts/station';
import { webOrigin } from '../contracts/ca-lock';
import { ConfigError } from '../platform/config';

/** The agent's port unless AGENT_PORT says otherwise. */
export const DEFAULT_AGENT_PORT = 47310;

/** What the agent reads from the environment. */
export interface AgentConfig {
  /** Port on 127.0.0.1 (0: any free port). */
  port: number;
  /** Web origins whose pages may call the agent (the product's PUBLIC_URL). */
  trustedOrigins: string[];
  /** The PKCS#11 library of the UKeys (the vendor's; SoftHSM2 in development). */
  modulePath: string;
  /** Wrong user PINs in a row that lock a token. */
  pinAttemptLimit: number;
  logLevel: string;
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max)
    throw new ConfigError(name, `must be a whole number between ${min} and ${max}, got "${text}"`);
  return n;
}

function origins(name: string, text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      let origin: string;
      try {
        origin = webOrigin(s);
      } catch {
        throw new ConfigError(name, `must list web origins such as https://bpm.example.cn, got "${s}"`);
      }
      if (origin === 'null') throw new ConfigError(name, `must list http or https origins, got "${s}"`);
      return origin;
    });
}

/**
 * Reads AGENT_PORT, AGENT_TRUSTED_ORIGINS (comma-separated; default the origin of PUBLIC_URL, as the
 * product itself reads it), PKCS11_MODULE, TOKEN_PIN_ATTEMPTS and LOG_LEVEL.
 */
export function loadAgentConfig(env: Env = process.env): AgentConfig {
  const publicUrl = env.PUBLIC_URL?.trim() || `http://localhost:${env.HTTP_PORT?.trim() || 3000}`;
  const trusted = env.AGENT_TRUSTED_ORIGINS?.trim()
    ? origins('AGENT_TRUSTED_ORIGINS', env.AGENT_TRUSTED_ORIGINS)
    : origins('PUBLIC_URL', publicUrl);
  if (trusted.length === 0) throw new ConfigError('AGENT_TRUSTED_ORIGINS', 'must name at least one web origin');
  return {
    port: integer(env, 'AGENT_PORT', DEFAULT_AGENT_PORT, 0, 65535),
    trustedOrigins: [...new Set(trusted)],
    modulePath: env.PKCS11_MODULE?.trim() || '/usr/lib/softhsm/libsofthsm2.so',
    pinAttemptLimit: integer(env, 'TOKEN_PIN_ATTEMPTS', DEFAULT_PIN_ATTEMPT_LIMIT, 1, 15),
    logLevel: env.LOG_LEVEL?.trim() || 'info',
  };
}
