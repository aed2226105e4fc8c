export {
  FATIGUE_LEVEL_CODES,
  FEATURE_NAMES,
  LENGTH_BIN_EDGES_KM,
  RUN_TYPE_CODES,
  TEMPERATURE_BIN_EDGES_C,
  binOf,
  type FeatureName,
  type RunFeatures,
} from './names';
export { RECENT_RUNS, featureTargetOfRun, featuresFor, featuresForHistory, type FeatureTarget } from './plan-time';
