export { median, quantileOfSorted } from './stats';
export { MINUTES_PER_DAY, groupByStart, localDateText, localDayNumber, localMinutes } from './calendar';
export { FATIGUE_THRESHOLDS, fatigueFrom, type Fatigue, type FatigueLevel } from './fatigue';
export {
  DEFAULT_MAX_HEART_RATE,
  DEFAULT_RESTING_HEART_RATE,
  DEFAULT_THRESHOLD_SPEED_MPS,
  LoadBasisTracker,
  effortSpeedMps,
  loadBasisAt,
  runLoad,
  runLoads,
  trimp,
  type LoadBasis,
  type LoadMethod,
  type LoadSettings,
  type RunLoad,
  type Sex,
} from './run-load';
export {
  ATL_DAYS,
  CTL_DAYS,
  buildTrainingSeries,
  trainingStateAt,
  type TrainingDay,
  type TrainingSeries,
  type TrainingState,
} from './series';
export { FATIGUE_WORDS, formInWords, trainingInWords, type FormWord, type TrainingWords } from './words';
