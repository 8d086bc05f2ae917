export * from './certificate';
export * from './keys';
export * from './create';
export * from './signer';
export * from './trust';
export * from './key-vault';
export * from './claims';
export * from './trusted-store';
