/** 机构电子签名认证证书业务登记表: the PDF carries every field in Chinese, read back with poppler's pdftotext. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderApplicationForm, type ApplicationForm } from '../../integrations/documents/application-form';
import { findCjkFont } from '../../integrations/documents/fonts';

/** The guide's example order. */
const guideExample: ApplicationForm = {
  orderNo: '20261125101530042',
  issuedOn: '2026-11-25',
  certificateKind: '机构证书（主锁）',
  businessType: '新增',
  quantity: 1,
  organization: {
    name: '金华市五洲建设工程有限公司',
    idType: '统一社会信用代码',
    idNumber: '913307037757272995',
    address: '金华市金东区二环北路1299号',
    landline: '0579-82176523',
  },
  legalRepresentative: { name: '刘廷生' },
  handler: {
    name: '戴进波',
    idNumber: '330702196912060618',
    email: '877283067@qq.com',
    landline: '0579-82176523',
    mobile: '13967979860',
  },
};

const dir = mkdtempSync(path.join(os.tmpdir(), 'application-form-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `pdf` to a file and runs a poppler tool on it. */
function poppler(tool: 'pdftotext' | 'pdfinfo', pdf: Buffer, ...args: string[]): string {
  const file = path.join(dir, `${tool}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
}

/** The text without any white space, so wrapped lines read as one. */
const joined = (text: string) => text.replace(/\s+/g, '');

/** The line of the layout text where `label` stands as a cell of its own. */
const lineOf = (text: string, label: string) =>
  text.split('\n').find((line) => new RegExp(`(^|\\s)${label}(\\s|$)`).test(line));

test("the guide's example renders as a small PDF whose Chinese text reads back: title, every field, both declarations", async () => {
  const pdf = await renderApplicationForm(guideExample);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdf.length).toBeLessThan(1024 * 1024);

  const text = poppler('pdftotext', pdf, '-layout');
  expect(text).toContain('机构电子签名认证证书业务登记表');
  for (const heading of ['1. 业务信息', '2. 用户信息', '3. 用户声明', '4. 法人授权声明'])
    expect(text).toContain(heading);
  expect(text.match(/20261125101530042/g)).toHaveLength(2);
  expect(text).toContain('2026-11-25');
  const fields: [string, string][] = [
    ['机构名称', '金华市五洲建设工程有限公司'],
    ['证件类型', '统一社会信用代码'],
    ['证件号码', '913307037757272995'],
    ['联系人', '戴进波'],
    ['联系人电子邮件', '877283067@qq.com'],
    ['联系人身份证号', '330702196912060618'],
    ['联系电话', '0579-82176523'],
    ['联系人手机号码', '13967979860'],
    ['法人姓名', '刘廷生'],
    ['联系地址', '金华市金东区二环北路1299号'],
  ];
  for (const [label, value] of fields) expect(lineOf(text, label)).toContain(value);
  for (const label of ['证书种类', '业务类型', '申请数量']) expect(text).toContain(label);
  expect(text).toMatch(/机构证书（主锁）\s+新增\s+1\n/);

  const all = joined(text);
  expect(all).toContain(
    '本单位在此郑重声明，本单位为办理ZJCA电子签名认证证书服务所提供的资料完全真实，愿意承担由于提供资料虚假而导致的一切后果；',
  );
  expect(all).toContain(
    '接受并遵守《ZJCA电子认证服务申请责任书》中的各项规定，与ZJCA明确申请、保管及使用电子签名认证证书的权利义务，并承担相关法律责任。',
  );
  expect(all).toContain(
    '本人刘廷生系金华市五洲建设工程有限公司的法定代表人，现授权委托本单位在职职工戴进波为全权代表，办理申领数字证书相关业务。',
  );
  expect(all.match(/签字（盖章）：＿＿＿＿＿＿日期：＿＿年＿＿月＿＿日/g)).toHaveLength(1);
  expect(all).toContain('法定代表人签字：＿＿＿＿＿＿日期：＿＿年＿＿月＿＿日');

  const info = poppler('pdfinfo', pdf);
  expect(info).toMatch(/^Title:\s+机构电子签名认证证书业务登记表$/m);
  expect(info).toMatch(/^Subject:\s+订单号 20261125101530042$/m);
  expect(info).toMatch(/^Creator:\s+CA onboarding BPM$/m);
  expect(info).toMatch(/^Pages:\s+1$/m);
});

test('the same order renders to the same bytes', async () => {
  const [a, b] = await Promise.all([renderApplicationForm(guideExample), renderApplicationForm(guideExample)]);
  expect(a.equals(b)).toBe(true);
});

test('a very long address and organisation name wrap inside their cells and are printed entirely', async () => {
  const address =
    '浙江省金华市金东区二环北路1299号五洲建设大厦东塔楼二十八层2801室至2805室（金华市金东区多湖街道办事处辖区内，靠近金华市人民政府东侧停车场入口处）';
  const name = '金华市五洲建设工程有限公司金东区二环北路分公司第一工程项目部（浙江省建筑业重点骨干企业）';
  const pdf = await renderApplicationForm({
    ...guideExample,
    organization: { ...guideExample.organization, name, address },
  });
  const text = poppler('pdftotext', pdf, '-layout');
  expect(lineOf(text, '机构名称')).toContain(name.slice(0, 12));
  expect(lineOf(text, '联系地址')).toContain(address.slice(0, 12));
  for (const value of [address, name]) {
    expect(text).not.toContain(value); // not on one line: wrapped
    expect(joined(text)).toContain(value);
  }
  expect(poppler('pdfinfo', pdf)).toMatch(/^Pages:\s+1$/m);
});

test('findCjkFont refuses an explicit font that is not there, or a face its collection lacks, naming the file', async () => {
  expect(() => findCjkFont('/nonexistent/fonts/NotoSansCJK-Regular.ttc')).toThrow(
    'font file not found: /nonexistent/fonts/NotoSansCJK-Regular.ttc',
  );
  const { path: installed } = findCjkFont();
  expect(() => findCjkFont(`${installed}#NoSuchFace`)).toThrow(`${installed} has no face NoSuchFace`);
  await expect(renderApplicationForm(guideExample, { fontPath: '/nonexistent/font.ttf' })).rejects.toThrow(
    'PDF_CJK_FONT',
  );
});

test("findCjkFont takes a collection's Simplified Chinese face unless told which", () => {
  const noto = '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc'; // fonts-noto-cjk, installed by scripts/tools.ts
  expect(findCjkFont(noto)).toEqual({ path: noto, family: 'NotoSerifCJKsc-Regular' });
  expect(findCjkFont(`${noto}#NotoSerifCJKjp-Regular`)).toEqual({ path: noto, family: 'NotoSerifCJKjp-Regular' });
});
