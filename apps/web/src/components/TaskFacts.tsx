import { Descriptions } from 'antd';
import type { Matter, TaskSummary } from '../api';
import { useI18n } from '../i18n';

/**
 * Descriptions items for what a department wrote about a task, shared by the task and assignment
 * pages. Descriptions reads its items' props, so these are elements (in a fragment), not components.
 */
export function useTaskFacts() {
  const { t, label } = useI18n();
  return {
    /**
     * Matter, action type, enforcement subject (when there is one) and resources. On an
     * assignment, the matter is the one it is routed on (the 编办 may have matched one in review),
     * by name.
     */
    routing: (task: TaskSummary, routed?: { matterCode: string | null; matter?: Matter | null }) => (
      <>
        <Descriptions.Item label={t('task.matter')}>
          <span data-testid="task-matter">
            {routed?.matter
              ? `${routed.matter.name}(${routed.matter.code})`
              : routed
                ? (routed.matterCode ?? t('ctx.offList'))
                : (task.matterCode ?? t('task.matter.offList'))}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('task.actionType')}>{label('action', task.actionType)}</Descriptions.Item>
        {task.enforcementSubject && (
          <Descriptions.Item label={t('task.enforcementSubject')}>
            {label('subject', task.enforcementSubject)}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('task.resources')}>
          {task.resources
            ? t('task.resources.summary', {
                funding: task.resources.funding ?? 0,
                staff: task.resources.staff ?? 0,
              }) + (task.resources.detail ? `;${task.resources.detail}` : '')
            : t('common.none')}
        </Descriptions.Item>
      </>
    ),
    /** The legal basis the department cited, when it cited one. */
    legalBasis: (task: TaskSummary) =>
      task.legalBasis && (
        <Descriptions.Item label={t('task.legalBasis')}>{task.legalBasis}</Descriptions.Item>
      ),
  };
}
