// The privacy policy is static text: only the house style is loaded.
import '@/components/runsound.css';
import './privacy.css';
