/**
 * The pages the activation and password-reset messages link to. The one-time token travels in the
 * link's fragment (`#token=…`), which browsers never send to a server, so it reaches no access log;
 * the page hands it to the API only when the person presses the button (mail scanners that open links
 * do not use it up).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';

const STYLE = 'font-family:sans-serif;max-width:30em;margin:3em auto;line-height:1.6';

/** Reads the token from the fragment, or from the query string (links that carry it there), and drops the query from the address bar. */
const READ_TOKEN = `const token = new URLSearchParams(location.hash.slice(1)).get('token') || new URLSearchParams(location.search).get('token') || '';
if (location.search) history.replaceState(null, '', location.pathname + location.hash);
const out = document.getElementById('out');
const show = (text) => { out.textContent = text; };
const errorText = (body) => {
  const e = (body && body.error) || {};
  const fields = (e.fields || []).map((f) => f.message.zh + ' / ' + f.message.en).join('；');
  return (e.message ? e.message.zh + ' / ' + e.message.en : '请求失败 / Request failed') + (fields ? '：' + fields : '');
};
const post = async (url, body) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { ok: res.ok, body: await res.json().catch(() => null) };
};
if (!token) show('链接不完整，请从邮件或短信中完整复制 / The link is incomplete; copy it whole from the message');`;

function page(reply: FastifyReply, title: string, body: string, script: string) {
  const html = `<!doctype html><html lang="zh"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${title}</title>
<body style="${STYLE}">
<h1>${title}</h1>
${body}
<p id="out" role="status"></p>
<script>
${READ_TOKEN}
${script}
</script>
</body></html>`;
  return reply
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(html);
}

/** Registers `GET /activate` and `GET /reset-password`. */
const accountPages: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/activate', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    page(
      reply,
      '激活账户 Activate your account',
      '<p>点击下面的按钮激活账户，之后即可登录。<br>Press the button to activate your account; you can then sign in.</p><button id="go">激活 Activate</button>',
      `document.getElementById('go').onclick = async () => {
  const r = await post('/api/v1/accounts/activate', { token });
  show(r.ok ? '账户已激活，请登录 / Your account is active; please sign in (' + r.body.loginName + ')' : errorText(r.body));
};`,
    ),
  );

  app.get('/reset-password', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    page(
      reply,
      '重置密码 Reset your password',
      `<form id="f">
<p><label>新密码 New password<br><input id="pw" type="password" autocomplete="new-password" required></label></p>
<p><label>确认新密码 Confirm<br><input id="pw2" type="password" autocomplete="new-password" required></label></p>
<p><small>6–15 位，须同时包含字母和数字 / 6–15 characters, letters and digits combined</small></p>
<button>重置 Reset</button></form>`,
      `document.getElementById('f').onsubmit = async (e) => {
  e.preventDefault();
  const r = await post('/api/v1/accounts/password/reset', { token, password: document.getElementById('pw').value, confirmPassword: document.getElementById('pw2').value });
  show(r.ok ? '密码已重置，请用新密码登录 / Your password is reset; sign in with it (' + r.body.loginName + ')' : errorText(r.body));
};`,
    ),
  );
};

export default accountPages;
