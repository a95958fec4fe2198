/** 机构电子签名认证证书业务登记表: the CA vendor's application form, printed from an order (打印申请单). */
import PDFDocument from 'pdfkit';
import { findCjkFont } from './fonts';

/** 机构电子签名认证证书业务登记表 — what the form shows. */
export interface ApplicationForm {
  /** 订单号, e.g. `20261125101530042`. */
  orderNo: string;
  /** The date printed on the form, `YYYY-MM-DD`. */
  issuedOn: string;
  /** 证书种类, e.g. 机构证书（主锁）. */
  certificateKind: string;
  /** 业务类型, e.g. 新增. */
  businessType: string;
  /** 申请数量. */
  quantity: number;
  /** The applying organisation; `idType` is e.g. 统一社会信用代码. */
  organization: { name: string; idType: string; idNumber: string; address: string; landline: string };
  /** 法定代表人. */
  legalRepresentative: { name: string };
  /** 经办人 — shown on the form as 联系人 (contact). */
  handler: { name: string; idNumber: string; email: string; landline: string; mobile: string };
}

const TITLE = '机构电子签名认证证书业务登记表';
const DATE_BLANKS = '日期：＿＿年＿＿月＿＿日';
const FONT = 'cjk';
const BODY_SIZE = 10.5;
const LABEL_WIDTH = 92;
const CELL = { padding: [5, 6] as [number, number] };

/** Renders the form as an A4 PDF (one page) with the Chinese font embedded as a subset. */
export async function renderApplicationForm(
  form: ApplicationForm,
  opts: { fontPath?: string | null } = {},
): Promise<Buffer> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.issuedOn))
    throw new RangeError(`issuedOn must be YYYY-MM-DD, got "${form.issuedOn}"`);
  const font = findCjkFont(opts.fontPath);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 56, left: 56, right: 56 },
    info: {
      Title: TITLE,
      Subject: `订单号 ${form.orderNo}`,
      Creator: 'CA onboarding BPM',
      CreationDate: new Date(`${form.issuedOn}T00:00:00+08:00`),
    },
  });
  const pdf = collect(doc);
  doc.registerFont(FONT, font.path, font.family);
  doc.font(FONT);

  doc.fontSize(18).text(TITLE, { align: 'center' }).moveDown(0.6);
  doc.fontSize(BODY_SIZE);
  const top = doc.y;
  doc.text(`订单号：${form.orderNo}`).text(`日期：${form.issuedOn}`, doc.page.margins.left, top, { align: 'right' });

  section(doc, '1. 业务信息');
  doc.table({
    defaultStyle: CELL,
    data: [
      [label('证书种类'), label('业务类型'), label('申请数量')],
      [form.certificateKind, form.businessType, String(form.quantity)],
    ],
  });

  section(doc, '2. 用户信息');
  const { organization: org, handler } = form;
  doc.table({
    defaultStyle: CELL,
    columnStyles: [LABEL_WIDTH, '*', LABEL_WIDTH, '*'],
    data: [
      [label('机构名称'), { text: org.name, colSpan: 3 }],
      [label('证件类型'), org.idType, label('证件号码'), org.idNumber],
      [label('联系人'), handler.name, label('联系人电子邮件'), handler.email],
      [label('联系人身份证号'), handler.idNumber, label('联系电话'), handler.landline || org.landline],
      [label('联系人手机号码'), handler.mobile, label('法人姓名'), form.legalRepresentative.name],
      [label('联系地址'), { text: org.address, colSpan: 3 }],
    ],
  });

  section(doc, '3. 用户声明');
  statement(
    doc,
    '本单位在此郑重声明，本单位为办理ZJCA电子签名认证证书服务所提供的资料完全真实，愿意承担由于提供资料虚假而导致的一切后果；' +
      '接受并遵守《ZJCA电子认证服务申请责任书》中的各项规定，与ZJCA明确申请、保管及使用电子签名认证证书的权利义务，并承担相关法律责任。',
    `签字（盖章）：＿＿＿＿＿＿  ${DATE_BLANKS}`,
  );

  section(doc, '4. 法人授权声明');
  statement(
    doc,
    `本人 ${form.legalRepresentative.name} 系 ${org.name} 的法定代表人，现授权委托本单位在职职工 ${handler.name} 为全权代表，办理申领数字证书相关业务。`,
    `法定代表人签字：＿＿＿＿＿＿  ${DATE_BLANKS}`,
  );

  doc.page.margins.bottom = 0; // the footer sits below the bottom margin, where pdfkit would otherwise start a new page
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  doc.fontSize(9).text(`订单号：${form.orderNo}`, doc.page.margins.left, doc.page.height - 40, {
    width,
    align: 'center',
    lineBreak: false,
  });
  doc.end();
  return pdf;
}

/** A label cell (the field's name), shaded. */
function label(text: string) {
  return { text, backgroundColor: '#eeeeee' };
}

/** A numbered section heading. */
function section(doc: PDFKit.PDFDocument, heading: string): void {
  doc.moveDown(0.8).fontSize(12).text(heading).moveDown(0.3).fontSize(BODY_SIZE);
}

/** A bordered declaration: the paragraph, then the signature and date line on the right. */
function statement(doc: PDFKit.PDFDocument, paragraph: string, signature: string): void {
  doc.table({
    data: [
      [{ text: `　　${paragraph}`, border: [1, 1, 0, 1], padding: [8, 8, 4, 8], textOptions: { lineGap: 4 } }],
      [{ text: signature, align: { x: 'right' }, border: [0, 1, 1, 1], padding: [16, 8, 8, 8] }],
    ],
  });
}

/** Collects the document's bytes once it has ended. */
function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
