import { Select, Space, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, type Matter } from '../api';
import { useI18n } from '../i18n';

/** Waits this long after the last keystroke before asking the server. */
const SEARCH_DEBOUNCE_MS = 250;

interface Props {
  value?: string | null;
  onChange?: (code: string | null, matter: Matter | null) => void;
  placeholder?: string;
  id?: string;
}

/** A matter of the list in force, searched on the server by code, name or duties. */
export function MatterSelect({ value, onChange, placeholder, id }: Props) {
  const { t, label } = useI18n();
  const [matters, setMatters] = useState<Matter[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const latest = useRef(0);

  const search = (q: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const n = ++latest.current;
      setLoading(true);
      api
        .matters(q || undefined)
        .then((r) => n === latest.current && setMatters(r.items))
        .catch(() => n === latest.current && setMatters([]))
        .finally(() => n === latest.current && setLoading(false));
    }, SEARCH_DEBOUNCE_MS);
  };

  // Only the first value seeds the search; later typing drives it.
  useEffect(() => {
    search(value ?? '');
    return () => clearTimeout(timer.current);
  }, []);

  return (
    <Select
      id={id}
      showSearch
      allowClear
      value={value ?? undefined}
      placeholder={placeholder ?? t('task.matter.placeholder')}
      filterOption={false}
      onSearch={search}
      loading={loading}
      notFoundContent={loading ? t('common.loading') : t('common.empty')}
      onChange={(code: string | undefined) =>
        onChange?.(code ?? null, matters.find((m) => m.code === code) ?? null)
      }
      optionLabelProp="label"
      options={matters.map((m) => ({
        value: m.code,
        label: `${m.code} ${m.name}`,
        title: m.name,
        matter: m,
      }))}
      optionRender={(o) => {
        const m = (o.data as { matter: Matter }).matter;
        return (
          <Space direction="vertical" size={0}>
            <span>
              <Typography.Text strong>{m.code}</Typography.Text> {m.name}
            </span>
            <span>
              <Tag>{label('mode', m.mode)}</Tag>
              <Typography.Text type="secondary">{m.principalDept}</Typography.Text>
            </span>
          </Space>
        );
      }}
    />
  );
}
