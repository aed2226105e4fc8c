/** Weather of past and planned runs, from Open-Meteo. */
export * from './open-meteo';
export * from './plan';
export * from './fetch-weather';
