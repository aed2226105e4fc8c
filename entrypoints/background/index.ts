import { defineBackground } from 'wxt/utils/define-background';
import { setUpMessageHandlers } from './messages';

export default defineBackground(() => {
  setUpMessageHandlers();
});
