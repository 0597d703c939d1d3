import { LockOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { useErrorText } from '../../components/errors';
import { useRequired } from '../../components/formItems';
import { useI18n } from '../../i18n';
import { preloadSignedIn } from '../../shell/preload';
import { homeOf, useSession } from '../../shell/session';

interface Credentials {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const required = useRequired();
  const { user, role, login } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const errorText = useErrorText();
  const from = (location.state as { from?: string } | null)?.from;
  const signIn = useMutation({
    mutationFn: (v: Credentials) => login(v.username.trim(), v.password),
    // The redirect below runs on the next render, with the new role.
    onSuccess: () => navigate(from ?? '/', { replace: true }),
  });

  // While the user types, the signed-in screens' code downloads.
  useEffect(preloadSignedIn, []);

  if (user) return <Navigate to={from ?? homeOf(role)} replace />;

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: '#f5f5f5',
      }}
    >
      <Card style={{ width: 400 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline' }}>
          <Typography.Title level={3} style={{ color: '#b4232a' }}>
            {t('app.name')}
          </Typography.Title>
          <Button
            size="small"
            icon={<TranslationOutlined />}
            onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
            data-testid="lang-switch"
          >
            {t('lang.switch')}
          </Button>
        </div>
        <Typography.Paragraph type="secondary">{t('app.subtitle')}</Typography.Paragraph>
        {signIn.error && (
          <Alert
            type="error"
            showIcon
            message={errorText(signIn.error)}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        )}
        <Form<Credentials> layout="vertical" onFinish={(v) => signIn.mutate(v)} requiredMark={false}>
          <Form.Item name="username" label={t('login.username')} rules={required}>
            <Input prefix={<UserOutlined />} autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={required}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            loading={signIn.isPending}
            data-testid="login-submit"
          >
            {t('login.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
          {t('login.hint')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
