export declare function nodedirFor(input: {
  configured: string | undefined;
  execPath: string;
  exists: (file: string) => boolean;
}): string | undefined;
