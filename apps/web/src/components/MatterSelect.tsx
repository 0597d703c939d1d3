import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Select, Space, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { Matter } from '../api';
import { queries } from '../api/queries';
import { useI18n } from '../i18n';
import { QueryError } from './QueryError';

/** Waits this long after the last keystroke before asking the server. */
const SEARCH_DEBOUNCE_MS = 250;

interface Props {
  value?: string | null;
  onChange?: (code: string | null, matter: Matter | null) => void;
  placeholder?: string;
  id?: string;
}

/**
 * A matter of the list in force, searched on the server by code, name or duties. Each search text
 * is one cached query (the options of the previous one stay while the next loads); only the first
 * value seeds the search, later typing drives it.
 */
export function MatterSelect({ value, onChange, placeholder, id }: Props) {
  const { t, label } = useI18n();
  const [q, setQ] = useState(value ?? '');
  const { data, isFetching, error, refetch } = useQuery({
    ...queries.matters(q),
    placeholderData: keepPreviousData,
  });
  const matters: Matter[] = data?.items ?? [];
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const search = (text: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setQ(text), SEARCH_DEBOUNCE_MS);
  };

  return (
    <Select
      id={id}
      showSearch
      allowClear
      value={value ?? undefined}
      placeholder={placeholder ?? t('task.matter.placeholder')}
      filterOption={false}
      onSearch={search}
      loading={isFetching}
      notFoundContent={
        error ? (
          <QueryError error={error} onRetry={refetch} />
        ) : isFetching ? (
          t('common.loading')
        ) : (
          t('common.empty')
        )
      }
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
