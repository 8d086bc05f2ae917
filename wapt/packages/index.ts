/** Public API of the package core (docs/wapt-package-format.md). */
export { buildPackage, buildPackageFromFiles, signPackage, decodeControlBytes } from './build';
export type {
  BuildPackageOptions,
  BuildFromFilesOptions,
  InMemoryFile,
  SignPackageOptions,
  CommonBuildOptions,
} from './build';
export { verifyPackage } from './verify';
export type { VerifyPackageOptions, VerifiedPackage, VerifiedFile } from './verify';
export { inspectPackage, readPackageControl } from './inspect';
export type { PackageInspection } from './inspect';
export { readPackagesIndex, writePackagesIndex } from './packages-index';
export type { PackagesIndex, WritePackagesIndexOptions } from './packages-index';
export { signControl } from './control-sign';
export type { SignedControl, ControlSignOptions } from './control-sign';
export { writeSignedPackage } from './package-writer';
export type { PayloadSource, Progress, WrittenPackage, WritePackageOptions } from './package-writer';
export { openPackageZip, DEFAULT_ZIP_LIMITS } from './zip-read';
export type { ZipLimits, PackageZip, ZipMember } from './zip-read';
export * from './manifest';
export type { PackageSigner } from '../signing/signer';
export type { TrustedCertificate } from '../signing/trust';
export type { Control } from '../../common/domain/control';
