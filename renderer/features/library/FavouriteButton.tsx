import { useTranslation } from 'react-i18next';
import type { RenderView } from '../../../shared/job';
import { useAppStore } from '../../app-context';
import { errorMessage } from '../../bridge';

export function FavouriteButton({
  view,
  withText = false,
  tabIndex,
}: {
  view: RenderView;
  withText?: boolean;
  tabIndex?: number;
}) {
  const { t } = useTranslation('detail');
  const setFavourite = useAppStore((state) => state.setFavourite);
  const pushToast = useAppStore((state) => state.pushToast);
  const label = view.favourite ? t('favourite.remove') : t('favourite.add');
  return (
    <button
      type="button"
      className={`star${view.favourite ? ' is-on' : ''}${withText ? '' : ' icon-button'}`}
      tabIndex={tabIndex}
      aria-pressed={view.favourite}
      aria-label={withText ? undefined : label}
      title={label}
      onClick={() =>
        setFavourite(view.id, !view.favourite).catch((error) =>
          pushToast('error', t('favourite.failed', { reason: errorMessage(error) })),
        )
      }
    >
      <span aria-hidden={withText ? 'true' : undefined}>{view.favourite ? '★' : '☆'}</span>
      {withText && ` ${t('favourite.text')}`}
    </button>
  );
}
