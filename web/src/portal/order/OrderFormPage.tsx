/**
 * A9 the order form (guide 二.1.3–1.6, 2.2), pre-filled from the approved enterprise record: 机构名称 and
 * 证件号 each entered twice (no pasting into the confirmation, a live match mark, a mismatch shown on the
 * field before any request), the legal representative, 经办人 with the ID number's check character
 * checked at each keystroke (the server's own validators), the two agreements (opened before they can be
 * accepted), invoice, shipping, quantity (`?quantity=` sets the first one) and total. What is typed is
 * kept as a draft in this tab, and stays on the form when the API refuses it; the API's field problems
 * go onto the fields.
 */
import CheckCircleFilled from '@ant-design/icons/es/icons/CheckCircleFilled';
import CloseCircleFilled from '@ant-design/icons/es/icons/CloseCircleFilled';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Checkbox from 'antd/es/checkbox';
import Descriptions from 'antd/es/descriptions';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import InputNumber from 'antd/es/input-number';
import Modal from 'antd/es/modal';
import Radio from 'antd/es/radio';
import type { Rule } from 'antd/es/form';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { creditCodeProblem, isEmail, isLandline, isMobile, residentIdProblem } from '../../../../domain/validators';
import { listServices, orderPrefill, placeOrder } from '../../api/portal-order';
import { Submission } from '../../api/submission';
import type { Service } from '../../api/types';
import { msg, useLang, type Bilingual } from '../../i18n';
import { navigate } from '../../shell/router';
import type { ScreenProps } from '../../shell/routes';
import { FailureAlert, useApiErrors } from '../../ui/api-errors';
import { Loading } from '../../ui/Loading';
import { PageTitle } from '../../ui/PageTitle';
import { yuan } from './text';

const TEXT = {
  title: msg('填写订单', 'Order form'),
  reissue: (serial: string) =>
    msg(
      `补办证书 ${serial}：本订单补办一张 UKey，证书按企业现在的资料签发。`,
      `Re-issue of certificate ${serial}: this order replaces one UKey, its certificate issued to the enterprise as it is now.`,
    ),
  intro: msg(
    '机构信息与法定代表人信息请按照营业执照上信息正确填写。为确保申请信息填写无误，“机构名称确认”和“确认证件号”，请按照正确信息再次输入确认。',
    'Fill in the organisation and its legal representative as the business licence shows them. Type the organisation name and the ID number a second time to confirm them.',
  ),
  service: msg('服务', 'Service'),
  serviceName: msg('服务名称', 'Service'),
  term: msg('年限', 'Term'),
  years: (n: number) => msg(`${n} 年`, `${n} year${n === 1 ? '' : 's'}`),
  unitPrice: msg('单价', 'Unit price'),
  quantity: msg('数量', 'Quantity'),
  total: msg('总价', 'Total'),
  organization: msg('机构信息', 'Organisation'),
  orgName: msg('机构名称', 'Organisation name'),
  orgNameConfirm: msg('机构名称确认', 'Confirm the organisation name'),
  orgNameConfirmHint: msg('请再次输入上述机构名称（不能粘贴）', 'Type the name above again (pasting is off)'),
  idType: msg('证件类型', 'ID type'),
  idTypeValue: msg('统一社会信用代码', 'Unified social credit code'),
  creditCode: msg('证件号', 'ID number'),
  creditCodeConfirm: msg('确认证件号', 'Confirm the ID number'),
  creditCodeConfirmHint: msg('请再次输入上述证件号（不能粘贴）', 'Type the number above again (pasting is off)'),
  orgAddress: msg('机构地址', 'Address'),
  landline: msg('固定电话', 'Landline'),
  legalRep: msg('法定代表人信息', 'Legal representative'),
  name: msg('姓名', 'Name'),
  handler: msg('经办人信息', 'Handler'),
  handlerHint: msg('“经办人”指的是数字证书办理人或使用人。', 'The handler applies for and uses the certificate.'),
  idNumber: msg('身份证号', 'Resident ID number'),
  mobile: msg('手机号码', 'Mobile'),
  email: msg('邮箱地址', 'Email'),
  invoice: msg('开票信息', 'Invoice'),
  invoiceHint: msg('开票信息请按照企业财务提供的信息正确无误填写。', 'As your finance department gives it.'),
  invoiceType: msg('发票类型', 'Invoice type'),
  ordinary: msg('普通发票', 'Ordinary invoice'),
  vatSpecial: msg('增值税专用发票', 'VAT special invoice'),
  invoiceTitle: msg('发票抬头', 'Invoice title'),
  taxpayerId: msg('纳税人识别号', 'Taxpayer ID'),
  bank: msg('公司基本户开户行', 'Bank of the basic account'),
  account: msg('公司基本户银行账号', 'Basic account number'),
  companyAddress: msg('公司地址', 'Company address'),
  companyPhone: msg('公司电话', 'Company phone'),
  shipping: msg('物流信息', 'Shipping'),
  shippingHint: msg('物流信息为寄送 UKey 的邮寄信息。', 'Where the UKeys are sent.'),
  courier: msg('快递公司', 'Courier'),
  sfPrepaid: msg('顺丰寄付', 'SF Express, sender pays'),
  sfCollect: msg('顺丰到付', 'SF Express, recipient pays'),
  recipient: msg('收货人姓名', 'Recipient'),
  province: msg('省', 'Province'),
  city: msg('市', 'City'),
  street: msg('详细地址', 'Street address'),
  recipientLandline: msg('收货人固定电话', 'Recipient’s landline'),
  recipientMobile: msg('收货人移动电话', 'Recipient’s mobile'),
  agreements: msg('服务协议', 'Agreements'),
  agreementsHint: msg('点击协议名称，可进行相关协议阅读。', 'Open each agreement to read it.'),
  agree: msg('同意《e签宝项目专用平台服务协议》和《ZJCA电子认证服务申请责任书》', 'I accept both agreements'),
  readFirst: msg('请先点击协议名称阅读两份协议', 'Open and read both agreements first'),
  read: msg('已阅读', 'Read'),
  close: msg('我已阅读', 'I have read it'),
  submit: msg('提交订单', 'Place the order'),
  matches: msg('一致', 'Matches'),
  differs: msg('不一致', 'Differs'),
  noService: msg('没有这个服务', 'No such service'),
  required: (label: Bilingual) => msg(`请填写${label.zh}`, `${label.en} is required`),
  // The API's own messages (domain/certificate-order.ts orderProblems), shown before any request.
  nameMismatch: msg('两次输入的机构名称不一致', 'does not repeat the organisation name'),
  codeMismatch: msg('两次输入的证件号不一致', 'does not repeat the credit code'),
  badCreditCode: msg(
    '统一社会信用代码无效，请核对营业执照',
    'is not a valid unified social credit code; compare with the business licence',
  ),
  badId: msg('经办人身份证号码无效', 'is not a valid resident ID number'),
  badLandline: msg('固定电话应为“区号-号码”，如 0571-88234700', 'must be area code and number, e.g. 0571-88234700'),
  badMobile: msg('手机号应为以 1 开头的 11 位数字', 'must be 11 digits starting with 1'),
  badEmail: msg('电子邮箱格式不正确', 'must be a valid email address'),
  badTaxpayerId: msg('纳税人识别号应为有效的统一社会信用代码', 'must be a valid unified social credit code'),
  badPhone: msg('公司电话应为固定电话或手机号', 'must be a landline or a mobile number'),
  badAccount: msg('银行账号应为 8–30 位数字', 'must be 8–30 digits'),
  mustAgree: msg(
    '请阅读并同意服务协议和申请责任书',
    'the service agreement and the application responsibility letter must be accepted',
  ),
};

/** The two agreements (domain AGREEMENTS), with what each says. */
const AGREEMENTS: { key: string; title: Bilingual; version: string; body: Bilingual }[] = [
  {
    key: 'platform',
    title: msg('《e签宝项目专用平台服务协议》', 'Platform service agreement'),
    version: '2026-01',
    body: msg(
      '本协议约定您通过本平台申请、领取和使用数字证书服务时双方的权利和义务。',
      'The rights and duties of both parties when you apply for, receive and use certificate services through this platform.',
    ),
  },
  {
    key: 'ca',
    title: msg('《ZJCA电子认证服务申请责任书》', 'ZJCA application responsibility letter'),
    version: '2026-01',
    body: msg(
      '本单位在此郑重声明，本单位为办理ZJCA电子签名认证证书服务所提供的资料完全真实，愿意承担由于提供资料虚假而导致的一切后果；接受并遵守《ZJCA电子认证服务申请责任书》中的各项规定，与ZJCA明确申请、保管及使用电子签名认证证书的权利义务，并承担相关法律责任。',
      'We declare that the information given for the ZJCA certificate is true and accept the consequences of any false information; we accept the rules of the ZJCA application responsibility letter and the rights and duties of applying for, keeping and using the certificate.',
    ),
  },
];

type Values = Record<string, unknown>;

/** Today in China (YYYY-MM-DD): an ID's birth date may not be after it. */
const todayInChina = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const upper = (v: unknown) =>
  String(v ?? '')
    .trim()
    .toUpperCase();

/** A rule from a check: the API's message when `ok` fails on a non-empty value. */
const check = (ok: (v: string) => boolean, message: Bilingual, t: (b: Bilingual) => string): Rule => ({
  validator: (_, value) => (!value || ok(String(value)) ? Promise.resolve() : Promise.reject(new Error(t(message)))),
});

/** The mark beside a confirmation field: whether it repeats the first entry. */
function MatchMark({ first, second }: { first: unknown; second: unknown }) {
  const { t } = useLang();
  if (!second) return null;
  const same =
    String(first ?? '')
      .trim()
      .toUpperCase() === String(second).trim().toUpperCase();
  return same ? (
    <CheckCircleFilled role="img" aria-label={t(TEXT.matches)} style={{ color: '#237804' }} />
  ) : (
    <CloseCircleFilled role="img" aria-label={t(TEXT.differs)} style={{ color: '#a8071a' }} />
  );
}

/** A titled group of fields. */
function Group({ title, hint, children }: { title: Bilingual; hint?: Bilingual; children: ReactNode }) {
  const { t } = useLang();
  return (
    <fieldset style={{ border: '1px solid #d9d9d9', borderRadius: 8, padding: '8px 24px 0', marginBottom: 24 }}>
      <legend style={{ fontSize: 16, fontWeight: 600, width: 'auto', padding: '0 8px', margin: 0, border: 0 }}>
        {t(title)}
      </legend>
      {hint && <p style={{ marginTop: 0 }}>{t(hint)}</p>}
      {children}
    </fieldset>
  );
}

const draftKey = (serviceId: string) => `bpm.order.draft.${serviceId}`;

export default function OrderFormPage({ params, query }: ScreenProps) {
  const { t } = useLang();
  const serviceId = params.id;
  /** 补办: the certificate this order replaces (from 我的证书), if any. */
  const reissueOf = query.get('reissueOf');
  const [form] = Form.useForm<Values>();
  const errors = useApiErrors(form);
  const { show, clear } = errors;
  const [service, setService] = useState<Service | null | undefined>(undefined);
  const [ready, setReady] = useState(false);
  const [opened, setOpened] = useState<Record<string, boolean>>({});
  const [reading, setReading] = useState<(typeof AGREEMENTS)[number] | null>(null);
  const [sending, setSending] = useState(false);
  const submission = useRef(new Submission());
  const bothRead = AGREEMENTS.every((a) => opened[a.key]);

  const orgName = Form.useWatch(['organization', 'name'], form);
  const orgNameConfirm = Form.useWatch(['organization', 'nameConfirm'], form);
  const creditCode = Form.useWatch(['organization', 'creditCode'], form);
  const creditCodeConfirm = Form.useWatch(['organization', 'creditCodeConfirm'], form);
  const quantity = Form.useWatch('quantity', form);

  useEffect(() => {
    const controller = new AbortController();
    Promise.all([listServices(controller.signal), orderPrefill(controller.signal)])
      .then(([catalogue, prefill]) => {
        setService(catalogue.items.find((s) => s.id === serviceId) ?? null);
        const draft = sessionStorage.getItem(draftKey(serviceId));
        const { agreements: _agreements, ...filled } = prefill;
        form.setFieldsValue({
          quantity: Number(query.get('quantity')) || 1,
          ...filled,
          ...(draft ? (JSON.parse(draft) as Values) : {}),
        });
        setReady(true);
      })
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') {
          show(err);
          setReady(true);
        }
      });
    return () => controller.abort();
  }, [serviceId]);

  const keepDraft = (_: unknown, all: Values) => {
    const { agreementsAccepted: _accepted, ...kept } = all;
    sessionStorage.setItem(draftKey(serviceId), JSON.stringify(kept));
  };

  const submit = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return; // the fields show what is wrong
    }
    clear();
    setSending(true);
    try {
      const body = {
        ...values,
        serviceId,
        agreementsAccepted: values.agreementsAccepted === true,
        ...(reissueOf ? { reissueOf } : {}),
      };
      const placed = await placeOrder(body, submission.current);
      sessionStorage.removeItem(draftKey(serviceId));
      navigate(`/portal/orders/${encodeURIComponent(placed.id)}/payment`);
    } catch (err) {
      show(err);
    } finally {
      setSending(false);
    }
  };

  if (!ready) return <Loading />;
  const required = (label: Bilingual): Rule => ({
    required: true,
    whitespace: true,
    message: t(TEXT.required(label)),
  });
  const text = (name: string[], label: Bilingual, rules: Rule[] = []) => (
    <Form.Item name={name} label={t(label)} rules={[required(label), ...rules]}>
      <Input autoComplete="off" />
    </Form.Item>
  );
  const sameAs = (first: string[], message: Bilingual): Rule => ({
    validator: (_, value) =>
      !value || upper(value) === upper(form.getFieldValue(first))
        ? Promise.resolve()
        : Promise.reject(new Error(t(message))),
  });
  const noPaste = {
    onPaste: (e: { preventDefault(): void }) => e.preventDefault(),
    onDrop: (e: { preventDefault(): void }) => e.preventDefault(),
  };

  return (
    <section>
      <PageTitle>{t(TEXT.title)}</PageTitle>
      {reissueOf && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t(TEXT.reissue(reissueOf))} />}
      <FailureAlert errors={errors} />
      {service === null ? (
        <p role="alert">{t(TEXT.noService)}</p>
      ) : (
        <Form
          form={form}
          name="order"
          layout="horizontal"
          labelCol={{ flex: '180px' }}
          labelWrap
          style={{ maxWidth: 880 }}
          scrollToFirstError
          onValuesChange={keepDraft}
          onFinish={submit}
        >
          <p>{t(TEXT.intro)}</p>
          <Group title={TEXT.service}>
            <Descriptions
              size="small"
              column={1}
              style={{ marginBottom: 16 }}
              items={[
                { key: 'name', label: t(TEXT.serviceName), children: service?.name },
                { key: 'term', label: t(TEXT.term), children: service ? t(TEXT.years(service.termYears)) : '' },
                { key: 'price', label: t(TEXT.unitPrice), children: service ? yuan(service.unitPriceFen) : '' },
              ]}
            />
            <Form.Item
              name="quantity"
              label={t(TEXT.quantity)}
              rules={[
                { required: true, type: 'integer', min: 1, max: 200, message: t(msg('数量应为 1–200', '1 to 200')) },
              ]}
            >
              <InputNumber min={1} max={reissueOf ? 1 : 200} precision={0} disabled={!!reissueOf} />
            </Form.Item>
            <Form.Item label={t(TEXT.total)}>
              <output aria-live="polite" style={{ fontSize: 16, fontWeight: 600 }}>
                {service ? yuan(service.unitPriceFen * (Number(quantity) || 0)) : ''}
              </output>
            </Form.Item>
          </Group>
          <Group title={TEXT.organization}>
            {text(['organization', 'name'], TEXT.orgName)}
            <Form.Item
              name={['organization', 'nameConfirm']}
              label={t(TEXT.orgNameConfirm)}
              extra={t(TEXT.orgNameConfirmHint)}
              dependencies={[['organization', 'name']]}
              rules={[required(TEXT.orgNameConfirm), sameAs(['organization', 'name'], TEXT.nameMismatch)]}
            >
              <Input autoComplete="off" {...noPaste} suffix={<MatchMark first={orgName} second={orgNameConfirm} />} />
            </Form.Item>
            <Form.Item label={t(TEXT.idType)}>
              <span>{t(TEXT.idTypeValue)}</span>
            </Form.Item>
            {text(['organization', 'creditCode'], TEXT.creditCode, [
              check((v) => creditCodeProblem(upper(v)) === null, TEXT.badCreditCode, t),
            ])}
            <Form.Item
              name={['organization', 'creditCodeConfirm']}
              label={t(TEXT.creditCodeConfirm)}
              extra={t(TEXT.creditCodeConfirmHint)}
              dependencies={[['organization', 'creditCode']]}
              rules={[required(TEXT.creditCodeConfirm), sameAs(['organization', 'creditCode'], TEXT.codeMismatch)]}
            >
              <Input
                autoComplete="off"
                {...noPaste}
                suffix={<MatchMark first={creditCode} second={creditCodeConfirm} />}
              />
            </Form.Item>
            {text(['organization', 'address'], TEXT.orgAddress)}
            {text(['organization', 'landline'], TEXT.landline, [check(isLandline, TEXT.badLandline, t)])}
          </Group>
          <Group title={TEXT.legalRep}>{text(['legalRepresentative', 'name'], TEXT.name)}</Group>
          <Group title={TEXT.handler} hint={TEXT.handlerHint}>
            {text(['handler', 'name'], TEXT.name)}
            {text(['handler', 'idNumber'], TEXT.idNumber, [
              check((v) => residentIdProblem(upper(v), todayInChina()) === null, TEXT.badId, t),
            ])}
            {text(['handler', 'landline'], TEXT.landline, [check(isLandline, TEXT.badLandline, t)])}
            {text(['handler', 'mobile'], TEXT.mobile, [check(isMobile, TEXT.badMobile, t)])}
            {text(['handler', 'email'], TEXT.email, [check(isEmail, TEXT.badEmail, t)])}
          </Group>
          <Group title={TEXT.invoice} hint={TEXT.invoiceHint}>
            <Form.Item name={['invoice', 'type']} label={t(TEXT.invoiceType)} rules={[{ required: true }]}>
              <Radio.Group
                options={[
                  { value: 'ordinary', label: t(TEXT.ordinary) },
                  { value: 'vat_special', label: t(TEXT.vatSpecial) },
                ]}
              />
            </Form.Item>
            {text(['invoice', 'title'], TEXT.invoiceTitle)}
            {text(['invoice', 'taxpayerId'], TEXT.taxpayerId, [
              check((v) => creditCodeProblem(upper(v)) === null, TEXT.badTaxpayerId, t),
            ])}
            {text(['invoice', 'bank'], TEXT.bank)}
            {text(['invoice', 'account'], TEXT.account, [
              check((v) => /^\d{8,30}$/.test(v.replace(/\s/g, '')), TEXT.badAccount, t),
            ])}
            {text(['invoice', 'address'], TEXT.companyAddress)}
            {text(['invoice', 'phone'], TEXT.companyPhone, [
              check((v) => isLandline(v) || isMobile(v), TEXT.badPhone, t),
            ])}
          </Group>
          <Group title={TEXT.shipping} hint={TEXT.shippingHint}>
            <Form.Item name={['shipping', 'courier']} label={t(TEXT.courier)} rules={[{ required: true }]}>
              <Radio.Group
                options={[
                  { value: 'sf_prepaid', label: t(TEXT.sfPrepaid) },
                  { value: 'sf_collect', label: t(TEXT.sfCollect) },
                ]}
              />
            </Form.Item>
            {text(['shipping', 'recipient'], TEXT.recipient)}
            {text(['shipping', 'province'], TEXT.province)}
            {text(['shipping', 'city'], TEXT.city)}
            {text(['shipping', 'street'], TEXT.street)}
            <Form.Item
              name={['shipping', 'landline']}
              label={t(TEXT.recipientLandline)}
              rules={[check(isLandline, TEXT.badLandline, t)]}
            >
              <Input autoComplete="off" />
            </Form.Item>
            {text(['shipping', 'mobile'], TEXT.recipientMobile, [check(isMobile, TEXT.badMobile, t)])}
          </Group>
          <Group title={TEXT.agreements} hint={TEXT.agreementsHint}>
            <ul style={{ paddingLeft: 20 }}>
              {AGREEMENTS.map((a) => (
                <li key={a.key}>
                  <Button
                    type="link"
                    style={{ padding: 0 }}
                    onClick={() => {
                      setReading(a);
                      setOpened((o) => ({ ...o, [a.key]: true }));
                    }}
                  >
                    {t(a.title)}
                  </Button>
                  {opened[a.key] && <span style={{ marginLeft: 8 }}>（{t(TEXT.read)}）</span>}
                </li>
              ))}
            </ul>
            <Form.Item
              name="agreementsAccepted"
              valuePropName="checked"
              extra={bothRead ? undefined : t(TEXT.readFirst)}
              rules={[
                {
                  validator: (_, v) => (v === true ? Promise.resolve() : Promise.reject(new Error(t(TEXT.mustAgree)))),
                },
              ]}
            >
              <Checkbox disabled={!bothRead}>{t(TEXT.agree)}</Checkbox>
            </Form.Item>
          </Group>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={sending}>
              {t(TEXT.submit)}
            </Button>
          </Form.Item>
        </Form>
      )}
      <Modal
        open={reading !== null}
        title={reading ? `${t(reading.title)} ${reading.version}` : ''}
        onCancel={() => setReading(null)}
        footer={
          <Button type="primary" onClick={() => setReading(null)}>
            {t(TEXT.close)}
          </Button>
        }
      >
        {reading && <p>{t(reading.body)}</p>}
      </Modal>
    </section>
  );
}
