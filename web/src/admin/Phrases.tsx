/** 快捷输入 phrases: the list in order, add one (its text and place), remove one. */
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import InputNumber from 'antd/es/input-number';
import Table from 'antd/es/table';
import Typography from 'antd/es/typography';
import { useEffect, useState } from 'react';
import { addPhrase, removePhrase } from '../api/admin';
import { listPhrases } from '../api/processes';
import type { Phrase } from '../api/types';
import { msg, useLang } from '../i18n';
import { FailureAlert, useApiErrors } from '../ui/api-errors';

const TEXT = {
  text: msg('短语', 'Phrase'),
  sortOrder: msg('排序', 'Order'),
  actions: msg('操作', 'Actions'),
  remove: msg('删除', 'Remove'),
  add: msg('添加短语', 'Add a phrase'),
  submit: msg('添加', 'Add'),
  empty: msg('还没有短语', 'No phrase yet'),
};

const inOrder = (list: Phrase[]) => [...list].sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id);

export default function Phrases() {
  const { t } = useLang();
  const [form] = Form.useForm<{ text?: string; sortOrder?: number | null }>();
  const listErrors = useApiErrors();
  const errors = useApiErrors(form);
  const [rows, setRows] = useState<Phrase[]>([]);
  const [loading, setLoading] = useState(true);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    listPhrases(controller.signal)
      .then((page) => setRows(inOrder(page.items)))
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') listErrors.show(err);
      })
      .finally(() => setLoading(false));
    return () => controller.abort();
  }, []);

  const submit = () => {
    const { text, sortOrder } = form.getFieldsValue();
    setBusy(true);
    errors.clear();
    addPhrase({ text: text ?? '', ...(typeof sortOrder === 'number' ? { sortOrder } : {}) })
      .then((phrase) => {
        setRows((shown) => inOrder([...shown, phrase]));
        form.resetFields();
      })
      .catch((err: unknown) => errors.show(err))
      .finally(() => setBusy(false));
  };

  const remove = (phrase: Phrase) => {
    listErrors.clear();
    removePhrase(phrase.id)
      .then(() => setRows((shown) => shown.filter((p) => p.id !== phrase.id)))
      .catch((err: unknown) => listErrors.show(err));
  };

  return (
    <>
      <FailureAlert errors={listErrors} />
      <Table<Phrase>
        rowKey="id"
        size="small"
        pagination={false}
        loading={loading}
        dataSource={rows}
        locale={{ emptyText: <Typography.Text type="secondary">{loading ? ' ' : t(TEXT.empty)}</Typography.Text> }}
        columns={[
          { title: t(TEXT.sortOrder), dataIndex: 'sortOrder', width: 90 },
          { title: t(TEXT.text), dataIndex: 'text' },
          {
            title: t(TEXT.actions),
            key: 'actions',
            width: 120,
            render: (_, p) => (
              <Button size="small" danger aria-label={`${t(TEXT.remove)}：${p.text}`} onClick={() => remove(p)}>
                {t(TEXT.remove)}
              </Button>
            ),
          },
        ]}
      />
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 24 }}>
        {t(TEXT.add)}
      </Typography.Title>
      <FailureAlert errors={errors} />
      <Form form={form} name="phrase" layout="vertical" style={{ maxWidth: 640 }} onFinish={submit}>
        <Form.Item name="text" label={t(TEXT.text)}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="sortOrder" label={t(TEXT.sortOrder)}>
          <InputNumber min={0} precision={0} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t(TEXT.submit)}
        </Button>
      </Form>
    </>
  );
}
