/**
 * antd theme tokens for WCAG AA contrast (4.5:1): antd's grey texts (3.3:1 on white and #f5f5f5), its
 * blue #1677ff (4.1:1: white button text, links, info tags) its error red #ff4d4f (3.3:1, the text
 * of field errors), its tag greens and oranges (2.2:1) and its placeholders (1.8:1) fall short; the
 * colours below are antd's own darker shades (blue-7, red-7, green-8, orange-8), the green and orange
 * on their own -1 shades (antd derives too dark a background from a dark seed). Hovered and pressed
 * buttons and links go darker (blue-8/9, red-8), not lighter as antd derives them (4.2:1 under the mouse).
 */
import type { ThemeConfig } from 'antd';

/** The console's theme tokens. */
export const THEME: ThemeConfig = {
  token: {
    colorPrimary: '#0958d9',
    colorPrimaryHover: '#003eb3',
    colorPrimaryActive: '#002c8c',
    colorLinkHover: '#003eb3',
    colorLinkActive: '#002c8c',
    colorErrorHover: '#a8071a',
    colorErrorActive: '#820014',
    colorInfo: '#0958d9',
    colorLink: '#0958d9',
    colorError: '#cf1322',
    colorSuccess: '#237804',
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
    colorWarning: '#ad4e00',
    colorWarningBg: '#fff7e6',
    colorWarningBorder: '#ffd591',
    colorTextSecondary: 'rgba(0,0,0,0.65)',
    colorTextTertiary: 'rgba(0,0,0,0.62)',
    colorTextDescription: 'rgba(0,0,0,0.62)',
    colorTextPlaceholder: 'rgba(0,0,0,0.58)',
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif",
  },
};
