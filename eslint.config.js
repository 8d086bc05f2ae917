// ESLint flat config. Formatting is Prettier's job; lint is spent on layering and correctness.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';

const NODE_BUILTINS = [
  'assert',
  'buffer',
  'child_process',
  'crypto',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'https',
  'net',
  'os',
  'path',
  'process',
  'readline',
  'stream',
  'tls',
  'url',
  'util',
  'worker_threads',
  'zlib',
];

const ban = (patterns, message) => patterns.map((p) => ({ group: [p], message }));

const CONSOLE_BRIDGE_ONLY_IN_BRIDGE = {
  selector: "MemberExpression[object.name='window'][property.name='consoleBridge']",
  message: 'window.consoleBridge is read only in renderer/src/platform/bridge.ts',
};
// Query keys are written once, in the key factories of renderer/src/queries/ (so an invalidation
// cannot miss a key spelled differently elsewhere), and read through the one refresh path.
const QUERY_KEYS_ONLY_IN_QUERIES = [
  {
    selector: "Property[key.name='queryKey'][value.type='ArrayExpression']",
    message: 'query keys come from a key factory in renderer/src/queries/ (e.g. hostKeys.pages())',
  },
  {
    selector:
      'CallExpression[callee.property.name=/^(invalidateQueries|removeQueries|refetchQueries|resetQueries)$/]',
    message:
      'invalidate through the one refresh path: useRefresh() (renderer/src/refresh.ts) or useConsoleMutation({ invalidates })',
  },
];

export default tseslint.config(
  {
    ignores: [
      '.tmp-*/**',
      'node_modules/**',
      'dist/**',
      'out/**',
      '.tsbuild/**',
      'reports/**',
      'test-results/**',
      'playwright-report/**',
      '.tools/**',
      // Type declarations for the plain-Node scripts (nothing to lint; tsc checks their use).
      'scripts/*.d.mts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: [
            '*.js',
            '*.mjs',
            'scripts/*.mjs',
            'bin/*.mjs',
            'build/*.cjs',
            'test/fakes/*.mjs',
          ],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      // Plain JS scripts are linted without type information (no tsconfig owns them).
      parserOptions: { projectService: false, project: null },
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
      },
    },
  },
  // ---- Layering (STYLE.md 2.3) ----
  {
    files: ['common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'common/ is environment-free' }],
          patterns: [
            ...ban(['node:*', ...NODE_BUILTINS], 'common/ is environment-free: no Node builtins'),
            ...ban(
              ['**/electron/**', '**/renderer/**', '**/preload/**', '**/server/**', '**/wapt/**'],
              'common/ imports only common/',
            ),
          ],
        },
      ],
    },
  },
  {
    files: [
      'electron/core/**/*.ts',
      'electron/cli/**/*.ts',
      'electron/ipc/handlers/**/*.ts',
      'electron/ipc/dispatch.ts',
      'electron/browser-mode/**/*.ts',
      'electron/compose.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message:
                'this module runs in plain Node (CLI, browser mode, tests): use a port from electron/core/ports.ts',
            },
          ],
          patterns: ban(
            ['**/renderer/**', '**/preload/**'],
            'main-side code never imports the renderer or preload',
          ),
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: [
      'electron/core/**',
      'electron/cli/**',
      'electron/ipc/handlers/**',
      'electron/ipc/dispatch.ts',
      'electron/browser-mode/**',
      'electron/compose.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain'],
              message: 'ipcMain is used only in electron/ipc/router.ts',
            },
            {
              name: 'electron',
              importNames: ['shell'],
              message: 'shell is used only in electron/adapters/external-links.ts',
            },
          ],
          patterns: ban(['**/renderer/**', '**/preload/**'], 'main never imports the renderer or preload'),
        },
      ],
    },
  },
  {
    files: ['electron/ipc/router.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', importNames: ['shell'], message: 'shell only in external-links' }] },
      ],
    },
  },
  {
    files: ['electron/adapters/external-links.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', importNames: ['ipcMain'], message: 'ipcMain only in the router' }] },
      ],
    },
  },
  // ---- wapt-library-split: the WAPT library and the directions between Node folders ----
  {
    files: ['wapt/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'the WAPT library runs in plain Node' }],
          patterns: ban(
            ['**/electron/**', '**/server/**', '**/renderer/**', '**/preload/**'],
            'wapt/ (the WAPT library) imports only common/ and packages',
          ),
        },
      ],
    },
  },
  {
    // A second rule name, so this direction adds to each folder's own no-restricted-imports.
    files: ['electron/**/*.ts'],
    ignores: ['electron/demo-server*.ts', 'electron/cli/commands/server.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: ban(
            ['**/server/**'],
            'only the demo-server adapter (electron/demo-server*.ts, the CLI command server start) imports server/',
          ),
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'the reference server runs in plain Node' }],
          patterns: ban(
            ['**/renderer/**', '**/preload/**', '**/electron/**'],
            'server/ imports only wapt/ (the WAPT library) and common/',
          ),
        },
      ],
    },
  },
  {
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...ban(['node:*', ...NODE_BUILTINS], 'the sandboxed preload has no Node'),
            ...ban(
              ['**/electron/**', '**/renderer/**', '**/server/**', '**/wapt/**'],
              'preload imports only common/ipc',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/vite.config.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'the renderer is untrusted: talk to main through the bridge' },
          ],
          patterns: [
            ...ban(['node:*', ...NODE_BUILTINS], 'no Node in the renderer'),
            ...ban(
              ['**/electron/**', '**/server/**', '**/wapt/**'],
              'the renderer imports only common/ and renderer/',
            ),
            { group: ['**/preload/**'], allowTypeImports: true, message: 'type-only imports from preload' },
          ],
        },
      ],
      'no-restricted-syntax': ['error', CONSOLE_BRIDGE_ONLY_IN_BRIDGE, ...QUERY_KEYS_ONLY_IN_QUERIES],
    },
  },
  {
    files: ['renderer/src/platform/bridge.ts'],
    rules: { 'no-restricted-syntax': ['error', ...QUERY_KEYS_ONLY_IN_QUERIES] },
  },
  {
    files: ['renderer/src/queries/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', CONSOLE_BRIDGE_ONLY_IN_BRIDGE] },
  },
  {
    // Renderer component tests (`*.test.tsx`, happy-dom) and their support hold components too.
    files: ['test/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  prettier,
);
