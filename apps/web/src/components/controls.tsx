import { ReloadOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Select, type PopconfirmProps, type SelectProps } from 'antd';
import { ASSIGNMENT_STATES, type AssignmentState } from '../api';
import { useI18n } from '../i18n';
import { useOrgs } from '../shell/orgs';

/** Loads what the screen shows again; detail pages show it with an icon. */
export function RefreshButton({ onRefresh, icon }: { onRefresh: () => unknown; icon?: boolean }) {
  const { t } = useI18n();
  return (
    <Button icon={icon ? <ReloadOutlined /> : undefined} onClick={() => void onRefresh()}>
      {t('common.refresh')}
    </Button>
  );
}

/** A Popconfirm with the confirm and cancel buttons in the chosen language. */
export function Confirm(props: PopconfirmProps) {
  const { t } = useI18n();
  return <Popconfirm okText={t('common.confirm')} cancelText={t('common.cancel')} {...props} />;
}

/**
 * An organisation, searched by name or code. The system administration (kind `system`) is offered
 * only where it fits (`withSystem`: users, webhooks): it is never a party to tasks or deadlines.
 */
export function OrgSelect({ withSystem, ...props }: SelectProps<string> & { withSystem?: boolean }) {
  const orgs = useOrgs();
  return (
    <Select
      showSearch
      optionFilterProp="label"
      style={{ width: 260 }}
      options={orgs.orgs
        .filter((o) => withSystem || o.kind !== 'system')
        .map((o) => ({ value: o.code, label: orgs.name(o.code) }))}
      {...props}
    />
  );
}

/** An assignment state, to filter a list by. */
export function StateSelect(props: SelectProps<AssignmentState>) {
  const { label } = useI18n();
  return (
    <Select
      allowClear
      options={ASSIGNMENT_STATES.map((s) => ({ value: s, label: label('state', s) }))}
      {...props}
    />
  );
}
