import { useStore } from 'zustand';
import { dismissStorageNotice, storageStatus, type StorageNotice } from '../platform/storage';

export function noticeMessage(notice: StorageNotice): string {
  switch (notice.kind) {
    case 'corrupt':
      return `Some saved data could not be read, so that part started fresh. The unreadable copy is kept in this browser under "${notice.backupKey}".`;
    case 'unavailable':
      return 'This browser is not letting the course save data, so your progress is kept only until you close this tab.';
    case 'full':
      return 'Browser storage is full, so new progress is kept only for this session. Export your progress from the Progress page to keep it.';
  }
}

/** Banner for storage problems (corrupt data, no storage, full storage). Each notice can be dismissed. */
export function StorageNotices() {
  const notices = useStore(storageStatus, (s) => s.notices);
  return (
    <div role="status" aria-live="polite">
      {notices.length > 0 ? (
        <ul className="notices" aria-label="Storage notices">
          {notices.map((notice, i) => (
            <li className="notice" key={JSON.stringify(notice)}>
              <p>{noticeMessage(notice)}</p>
              <button type="button" className="icon-button" onClick={() => dismissStorageNotice(i)}>
                Dismiss
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
