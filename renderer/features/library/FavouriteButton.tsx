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
  const setFavourite = useAppStore((state) => state.setFavourite);
  const pushToast = useAppStore((state) => state.pushToast);
  const label = view.favourite ? 'Remove from favourites' : 'Add to favourites';
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
          pushToast('error', `Could not change the favourite: ${errorMessage(error)}`),
        )
      }
    >
      <span aria-hidden={withText ? 'true' : undefined}>{view.favourite ? '★' : '☆'}</span>
      {withText && ' Favourite'}
    </button>
  );
}
