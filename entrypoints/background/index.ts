import { defineBackground } from 'wxt/utils/define-background';
import { setUpMessageHandlers } from './messages';
import { setUpSync } from './sync';

export default defineBackground(() => {
  const hooks = { onHistoryChanged: () => {} };
  setUpMessageHandlers(hooks);
  setUpSync(hooks.onHistoryChanged);
});
