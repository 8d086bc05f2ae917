export { RepositoryTab } from './repository-tab';
