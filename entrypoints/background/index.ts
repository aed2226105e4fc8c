import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { historyStatus } from '@/storage/settings';
import { processHistoryNow } from './history';
import { setUpListening } from './listening';
import { clearInterruptedGeneration } from './playlists';
import { clearInterruptedSpotifyWork } from './spotify';
import { setUpMessageHandlers } from './messages';
import { setUpMusicLibrary } from './music-library';
import { setUpSync } from './sync';
import { forget } from './predictions';
import { scheduleTraining, setUpTraining } from './training';

export default defineBackground(() => {
  // New or changed runs: derive their weather, type, load and features, then retrain.
  const onHistoryChanged = () => {
    forget();
    void processHistoryNow().then(scheduleTraining);
  };
  setUpMessageHandlers({ onHistoryChanged });
  setUpSync(onHistoryChanged);
  setUpTraining();
  setUpListening(scheduleTraining);
  setUpMusicLibrary();
  void clearInterruptedSpotifyWork();
  void clearInterruptedGeneration();
  // A new version may have bumped a processing step: bring every run up to it.
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'update') onHistoryChanged();
    // A new runner meets the dashboard's getting-started steps.
    if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('/options.html#overview') });
  });
  // A pass the worker was stopped in the middle of is done again.
  void historyStatus.getValue().then((status) => {
    if (status.state === 'processing') onHistoryChanged();
  });
});
