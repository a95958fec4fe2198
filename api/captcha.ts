/** Captchas: random five-character texts drawn as SVG paths, or a fixed test answer drawn the same way. */
import svgCaptcha from 'svg-captcha';

/** Draws a captcha: the text to type and its SVG picture. */
export type CaptchaMaker = () => { text: string; svg: string };

/** Random five-character captchas drawn as paths (not text), without look-alike characters. */
export const randomCaptcha: CaptchaMaker = () => {
  const drawn = svgCaptcha.create({ size: 5, noise: 3, ignoreChars: '0oO1ilI', color: true, background: '#f4f6f8' });
  return { text: drawn.text, svg: drawn.data };
};

/** svg-captcha's own export draws a given text (its typings omit the call signature). */
const drawText = svgCaptcha as unknown as (text: string, options?: object) => string;

/** A captcha whose answer is `text` (CAPTCHA_TEST_ANSWER in development and tests). */
export function fixedCaptcha(text: string): { text: string; svg: string } {
  return { text, svg: drawText(text, { noise: 2 }) };
}

/** A captcha answer as compared: trimmed, case folded. */
export function normaliseCaptchaAnswer(answer: string): string {
  return answer.trim().toLowerCase();
}
