import { defineContentScript } from 'wxt/utils/define-content-script';
import '@/components/runsound.css';
import './panel.css';
import { startPageRouter } from './router';

export default defineContentScript({
  matches: ['https://www.strava.com/*'],
  cssInjectionMode: 'ui',
  main(ctx) {
    startPageRouter(ctx);
  },
});
