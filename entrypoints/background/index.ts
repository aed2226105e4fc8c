import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { historyStatus } from '@/utils/settings';
import { processHistoryNow } from './history';
import { setUpMessageHandlers } from './messages';
import { setUpSync } from './sync';

export default defineBackground(() => {
  const onHistoryChanged = () => void processHistoryNow();
  setUpMessageHandlers({ onHistoryChanged });
  setUpSync(onHistoryChanged);
  // A new version may have bumped a processing step: bring every run up to it.
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'update') onHistoryChanged();
  });
  // A pass the worker was stopped in the middle of is done again.
  void historyStatus.getValue().then((status) => {
    if (status.state === 'processing') onHistoryChanged();
  });
});
