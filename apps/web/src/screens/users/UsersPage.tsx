import { Alert, App, Button, Card, Form, Input, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import {
  PASSWORD_MIN_LENGTH,
  ROLES_FOR_ORG_KIND,
  type NewUserAccount,
  type UserAccount,
  type UserRole,
} from '../../api';
import { useChangeUser, useCreateUser } from '../../api/mutations';
import { queries } from '../../api/queries';
import { ActionModal } from '../../components/ActionModal';
import { Confirm, OrgSelect, RefreshButton } from '../../components/controls';
import { useShowError } from '../../components/errors';
import { useRequired } from '../../components/formItems';
import { KeysetTable } from '../../components/KeysetTable';
import { useKeyset } from '../../components/useKeyset';
import { useI18n, type MessageKey } from '../../i18n';
import { useOrgs } from '../../shell/orgs';
import { useSession } from '../../shell/session';

type Dialog =
  { kind: 'create' } | { kind: 'role'; user: UserAccount } | { kind: 'password'; user: UserAccount } | null;

/**
 * Admin: the user accounts, per organisation; create one, deactivate or reactivate it, change its
 * role (only the roles that fit its organisation) or reset its password. Every change ends the
 * user's sessions within a minute, which the dialogs say.
 */
export function UsersPage() {
  const { t, time } = useI18n();
  const { message } = App.useApp();
  const orgs = useOrgs();
  const { user: me } = useSession();
  const showError = useShowError();
  const required = useRequired();
  const [orgCode, setOrgCode] = useState<string | undefined>();
  const [dialog, setDialog] = useState<Dialog>(null);
  const list = useKeyset(queries.users({ orgCode }));
  const createUser = useCreateUser();
  const changeUser = useChangeUser();

  const roleName = (r: string) => t(`userRole.${r}` as MessageKey);
  const rolesFor = (code: string | undefined): readonly UserRole[] => {
    const kind = orgs.orgs.find((o) => o.code === code)?.kind;
    return kind ? ROLES_FOR_ORG_KIND[kind] : [];
  };
  const roleOptions = (code: string | undefined) =>
    rolesFor(code).map((r) => ({ value: r, label: roleName(r) }));
  const passwordRules = [
    ...required,
    { min: PASSWORD_MIN_LENGTH, message: t('users.passwordHint', { min: PASSWORD_MIN_LENGTH }) },
  ];

  const done = () => {
    setDialog(null);
    void message.success(t('common.done'));
  };

  const setActive = async (u: UserAccount, active: boolean) => {
    try {
      await changeUser.mutateAsync({ id: u.id, change: { active } });
      done();
    } catch (e) {
      showError(e, list.reload);
    }
  };

  return (
    <Card
      title={t('users.title')}
      extra={
        <Space>
          <Button type="primary" onClick={() => setDialog({ kind: 'create' })} data-testid="user-create">
            {t('users.create')}
          </Button>
          <RefreshButton onRefresh={list.reload} />
        </Space>
      }
    >
      <Space style={{ marginBottom: 16 }}>
        <Typography.Text>{t('users.filterOrg')}</Typography.Text>
        <OrgSelect
          withSystem
          allowClear
          placeholder={t('users.allOrgs')}
          value={orgCode}
          onChange={setOrgCode}
        />
      </Space>
      <KeysetTable<UserAccount>
        list={list}
        columns={[
          {
            title: t('users.username'),
            dataIndex: 'username',
            render: (name: string, u) => (
              <Space>
                <Typography.Text strong>{name}</Typography.Text>
                {u.id === me?.id ? <Tag>{t('users.you')}</Tag> : null}
              </Space>
            ),
          },
          { title: t('users.org'), dataIndex: 'orgCode', render: (c: string) => orgs.name(c) },
          {
            title: t('users.role'),
            dataIndex: 'roles',
            render: (roles: string[]) =>
              roles.map((r) => (
                <Tag key={r} color="volcano">
                  {roleName(r)}
                </Tag>
              )),
          },
          {
            title: t('users.status'),
            dataIndex: 'active',
            render: (a: boolean) =>
              a ? (
                <Tag color="green">{t('users.active')}</Tag>
              ) : (
                <Tag color="default">{t('users.inactive')}</Tag>
              ),
          },
          { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v: string) => time(v) },
          {
            title: t('common.actions'),
            render: (_, u) => {
              const self = u.id === me?.id;
              return (
                <Space wrap>
                  {u.active ? (
                    <Confirm
                      title={t('users.deactivateConfirm', { user: u.username })}
                      onConfirm={() => setActive(u, false)}
                      disabled={self}
                    >
                      <Button size="small" danger disabled={self}>
                        {t('users.deactivate')}
                      </Button>
                    </Confirm>
                  ) : (
                    <Confirm
                      title={t('users.reactivateConfirm', { user: u.username })}
                      onConfirm={() => setActive(u, true)}
                    >
                      <Button size="small">{t('users.reactivate')}</Button>
                    </Confirm>
                  )}
                  <Button
                    size="small"
                    disabled={self || rolesFor(u.orgCode).length < 2}
                    onClick={() => setDialog({ kind: 'role', user: u })}
                  >
                    {t('users.changeRole')}
                  </Button>
                  <Button size="small" onClick={() => setDialog({ kind: 'password', user: u })}>
                    {t('users.resetPassword')}
                  </Button>
                </Space>
              );
            },
          },
        ]}
      />

      <ActionModal<NewUserAccount>
        open={dialog?.kind === 'create'}
        title={t('users.create')}
        fields={['username', 'orgCode', 'role', 'password']}
        onCancel={() => setDialog(null)}
        onSubmit={async (v) => {
          await createUser.mutateAsync({ ...v, username: v.username.trim() });
          done();
        }}
      >
        {(form) => (
          <>
            <Form.Item name="username" label={t('users.username')} rules={required}>
              <Input maxLength={64} autoComplete="off" />
            </Form.Item>
            <Form.Item name="orgCode" label={t('users.org')} rules={required}>
              <OrgSelect
                withSystem
                style={{ width: '100%' }}
                onChange={() => form.setFieldValue('role', undefined)}
              />
            </Form.Item>
            <Form.Item noStyle dependencies={['orgCode']}>
              {() => (
                <Form.Item name="role" label={t('users.role')} rules={required}>
                  <Select
                    options={roleOptions(form.getFieldValue('orgCode'))}
                    placeholder={form.getFieldValue('orgCode') ? undefined : t('users.pickOrgFirst')}
                  />
                </Form.Item>
              )}
            </Form.Item>
            <Form.Item
              name="password"
              label={t('users.password')}
              rules={passwordRules}
              extra={t('users.passwordHint', { min: PASSWORD_MIN_LENGTH })}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </>
        )}
      </ActionModal>

      <ActionModal<{ role: UserRole }>
        open={dialog?.kind === 'role'}
        title={`${t('users.changeRole')} — ${dialog?.kind === 'role' ? dialog.user.username : ''}`}
        fields={['role']}
        initialValues={dialog?.kind === 'role' ? { role: dialog.user.roles[0] } : undefined}
        onCancel={() => setDialog(null)}
        onSubmit={async (v) => {
          if (dialog?.kind !== 'role') return;
          await changeUser.mutateAsync({ id: dialog.user.id, change: { role: v.role } });
          done();
        }}
      >
        <Alert type="info" showIcon message={t('users.sessionsEnd')} style={{ marginBottom: 12 }} />
        <Form.Item name="role" label={t('users.role')} rules={required}>
          <Select options={roleOptions(dialog?.kind === 'role' ? dialog.user.orgCode : undefined)} />
        </Form.Item>
      </ActionModal>

      <ActionModal<{ password: string }>
        open={dialog?.kind === 'password'}
        title={`${t('users.resetPassword')} — ${dialog?.kind === 'password' ? dialog.user.username : ''}`}
        fields={['password']}
        onCancel={() => setDialog(null)}
        onSubmit={async (v) => {
          if (dialog?.kind !== 'password') return;
          await changeUser.mutateAsync({ id: dialog.user.id, change: { password: v.password } });
          done();
        }}
      >
        <Alert type="info" showIcon message={t('users.sessionsEnd')} style={{ marginBottom: 12 }} />
        <Form.Item
          name="password"
          label={t('users.newPassword')}
          rules={passwordRules}
          extra={t('users.passwordHint', { min: PASSWORD_MIN_LENGTH })}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </ActionModal>
    </Card>
  );
}
