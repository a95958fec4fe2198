/**
 * Bilingual text: every string of ours is a `{ zh, en }` pair (`msg` from domain/text.ts, the type the
 * API's messages have), read through `t` in the chosen language. Chinese first; the choice is kept.
 */
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Bilingual } from '../../../domain/text';

export { msg } from '../../../domain/text';
export type { Bilingual };

/** A language of the console. */
export type Lang = 'zh' | 'en';

const STORAGE_KEY = 'bpm.console.lang';

/** The language chosen before in this browser, Chinese when none was. */
export function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

/** Makes the page, dates and the stored preference follow `lang`. */
function applyLang(lang: Lang): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // A browser that keeps nothing still switches; it just forgets on reload.
  }
}

/** What `useLang` gives a component. */
export interface LangState {
  lang: Lang;
  setLang(lang: Lang): void;
  /** The text in the current language. */
  t(text: Bilingual): string;
}

const LangContext = createContext<LangState | null>(null);

/** Holds the current language for everything below it. */
export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const initial = storedLang();
    applyLang(initial);
    return initial;
  });
  const setLang = useCallback((next: Lang) => {
    applyLang(next);
    setLangState(next);
  }, []);
  const value = useMemo<LangState>(() => ({ lang, setLang, t: (text) => text[lang] }), [lang, setLang]);
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

/** The current language, its switch and `t`. */
export function useLang(): LangState {
  const state = useContext(LangContext);
  if (!state) throw new Error('useLang outside LangProvider');
  return state;
}
