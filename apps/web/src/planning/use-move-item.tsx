import { Alert, List, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { errorMessageKey } from '../api/error-message';
import {
  currentFromConflict,
  NEEDS_REASON,
  planningApi,
  planningKeys,
  type Item,
  type ItemStatus,
} from '../api/planning';
import { WarningIcon } from '../components/icons';
import { READABLE_ALERT } from './alert-styles';
import { applyItem } from './cache';
import { ReasonDialog } from './reason-dialog';

type Notice =
  | { kind: 'conflict'; reference: string }
  | { kind: 'invalid'; reference: string; reasons: string[] }
  | { kind: 'failed'; reference: string; error: unknown };

interface Move {
  item: Item;
  to: ItemStatus;
  reason?: string;
}

/**
 * Moving items between statuses, wherever it starts (a drop on the board, a "Move to" menu, the
 * drawer's buttons): asks for a reason when the move needs one, and says what went wrong.
 */
export function useMoveItem(): {
  move: (item: Item, to: ItemStatus) => void;
  pendingId: string | undefined;
  /** The reason dialog and the last failure: render both once near the controls. */
  elements: ReactNode;
} {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState<Move>();
  const [notice, setNotice] = useState<Notice>();
  const mutation = useMutation({
    mutationFn: ({ item, to, reason }: Move) =>
      planningApi.transition(item.id, { version: item.version, to, ...(reason ? { reason } : {}) }),
    onSuccess: (updated) => applyItem(queryClient, updated),
    onError: (error, { item }) => {
      const current = currentFromConflict<Item>(error);
      if (error instanceof ApiError && error.statusCode === 409) {
        if (current) applyItem(queryClient, current);
        else void queryClient.invalidateQueries({ queryKey: planningKeys.items(item.planId) });
        setNotice({ kind: 'conflict', reference: item.reference });
      } else if (error instanceof ApiError && error.statusCode === 400 && error.details.length > 0) {
        setNotice({ kind: 'invalid', reference: item.reference, reasons: error.details.flatMap((d) => d.reasons) });
      } else {
        setNotice({ kind: 'failed', reference: item.reference, error });
      }
    },
  });

  const move = (item: Item, to: ItemStatus) => {
    setNotice(undefined);
    if (NEEDS_REASON.has(to)) setAsking({ item, to });
    else mutation.mutate({ item, to });
  };

  const elements = (
    <>
      <ReasonDialog
        target={asking ? { reference: asking.item.reference, to: asking.to } : undefined}
        onConfirm={(reason) => {
          if (asking) mutation.mutate({ ...asking, reason });
          setAsking(undefined);
        }}
        onClose={() => setAsking(undefined)}
      />
      <div aria-live="polite">
        {notice ? (
          <Alert
            styles={READABLE_ALERT}
            role="alert"
            color={notice.kind === 'conflict' ? 'orange' : 'red'}
            variant="light"
            icon={<WarningIcon />}
            withCloseButton
            closeButtonLabel={t('planning.dismiss')}
            onClose={() => setNotice(undefined)}
            title={
              notice.kind === 'conflict'
                ? t('planning.conflictTitle')
                : t('planning.moveFailed', { reference: notice.reference })
            }
          >
            {notice.kind === 'conflict' ? (
              <Text size="sm">{t('planning.conflictMove', { reference: notice.reference })}</Text>
            ) : notice.kind === 'invalid' ? (
              <List size="sm">
                {notice.reasons.map((reason) => (
                  <List.Item key={reason}>{reason}</List.Item>
                ))}
              </List>
            ) : (
              <Text size="sm">{t(errorMessageKey(notice.error))}</Text>
            )}
          </Alert>
        ) : null}
      </div>
    </>
  );

  return { move, pendingId: mutation.isPending ? mutation.variables.item.id : undefined, elements };
}
