/**
 * Staff users and their roles: the list, and a form to create one. The API's refusals (a taken login
 * name, a weak password, a bad mobile) land on the fields, and everything typed stays.
 */
import Button from 'antd/es/button';
import Checkbox from 'antd/es/checkbox';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useEffect, useState } from 'react';
import { createStaff, listStaff } from '../api/admin';
import type { NewStaffUser, Role, User } from '../api/types';
import { msg, useLang } from '../i18n';
import { ROLE_LABELS, STAFF_ROLES } from '../i18n/labels';
import { FailureAlert, useApiErrors } from '../ui/api-errors';

const TEXT = {
  list: msg('人员', 'Staff'),
  loginName: msg('登录名', 'Login name'),
  displayName: msg('姓名', 'Name'),
  roles: msg('角色', 'Roles'),
  department: msg('部门', 'Department'),
  mobile: msg('手机号', 'Mobile'),
  email: msg('电子邮箱', 'Email'),
  password: msg('初始密码', 'Initial password'),
  passwordHelp: msg(
    '至少 8 位，含字母和数字，不含登录名',
    'At least 8 characters with letters and digits, without the login name',
  ),
  status: msg('状态', 'Status'),
  active: msg('启用', 'Active'),
  disabled: msg('停用', 'Disabled'),
  create: msg('新建人员', 'New staff user'),
  submit: msg('创建', 'Create'),
  created: msg('已创建', 'Created'),
};

type Draft = Partial<NewStaffUser>;

/** Leaves out what was left empty (the API takes no empty optional strings). */
function bodyOf(draft: Draft): NewStaffUser {
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(draft)) if (v !== undefined && v !== '') body[k] = v;
  if (!body.roles) body.roles = [];
  return body as unknown as NewStaffUser;
}

export default function StaffUsers() {
  const { t } = useLang();
  const [form] = Form.useForm<Draft>();
  const listErrors = useApiErrors();
  const errors = useApiErrors(form);
  const [rows, setRows] = useState<User[]>([]);
  const [loading, setLoading] = useState(true);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    listStaff(controller.signal)
      .then((page) => setRows(page.items))
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') listErrors.show(err);
      })
      .finally(() => setLoading(false));
    return () => controller.abort();
  }, []);

  const submit = () => {
    setBusy(true);
    setCreated(null);
    errors.clear();
    createStaff(bodyOf(form.getFieldsValue()))
      .then((user) => {
        setRows((shown) => [...shown, user].sort((a, b) => a.loginName.localeCompare(b.loginName)));
        setCreated(`${t(TEXT.created)}：${user.loginName}`);
        form.resetFields();
      })
      .catch((err: unknown) => errors.show(err))
      .finally(() => setBusy(false));
  };

  return (
    <>
      <FailureAlert errors={listErrors} />
      <Typography.Title level={2} style={{ fontSize: 18 }}>
        {t(TEXT.list)}
      </Typography.Title>
      <Table<User>
        rowKey="id"
        size="small"
        pagination={false}
        loading={loading}
        dataSource={rows}
        columns={[
          { title: t(TEXT.loginName), dataIndex: 'loginName' },
          { title: t(TEXT.displayName), dataIndex: 'displayName' },
          {
            title: t(TEXT.roles),
            dataIndex: 'roles',
            render: (roles: Role[]) => roles.map((r) => <Tag key={r}>{t(ROLE_LABELS[r])}</Tag>),
          },
          { title: t(TEXT.department), dataIndex: 'department', render: (v: string | null) => v ?? '—' },
          {
            title: t(TEXT.status),
            dataIndex: 'status',
            render: (v: string) => (v === 'active' ? t(TEXT.active) : <Tag color="red">{t(TEXT.disabled)}</Tag>),
          },
        ]}
      />
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 24 }}>
        {t(TEXT.create)}
      </Typography.Title>
      {created && (
        <Typography.Paragraph role="status" type="success">
          {created}
        </Typography.Paragraph>
      )}
      <FailureAlert errors={errors} />
      <Form form={form} name="staff" layout="vertical" style={{ maxWidth: 640 }} onFinish={submit}>
        <Form.Item name="loginName" label={t(TEXT.loginName)}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t(TEXT.displayName)}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="password" label={t(TEXT.password)} extra={t(TEXT.passwordHelp)}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="roles" label={t(TEXT.roles)}>
          <Checkbox.Group options={STAFF_ROLES.map((r) => ({ value: r, label: t(ROLE_LABELS[r]) }))} />
        </Form.Item>
        <Form.Item name="department" label={t(TEXT.department)}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="mobile" label={t(TEXT.mobile)}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="email" label={t(TEXT.email)}>
          <Input autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t(TEXT.submit)}
        </Button>
      </Form>
    </>
  );
}
