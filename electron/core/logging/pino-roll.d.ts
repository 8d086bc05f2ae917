// pino-roll ships no type declarations: the part of its API this console uses
// (https://github.com/mcollina/pino-roll, 4.x). The stream it returns is a SonicBoom.
declare module 'pino-roll' {
  export interface RollingStream {
    write(line: string): boolean;
    flush(callback?: (err?: Error | null) => void): void;
    end(): void;
    readonly file: string;
    once(event: 'close' | 'finish' | 'ready', listener: () => void): this;
    once(event: 'error', listener: (err: Error) => void): this;
    on(event: 'error', listener: (err: Error) => void): this;
  }
  export interface PinoRollOptions {
    file: string;
    size?: string | number;
    frequency?: 'daily' | 'hourly' | number;
    extension?: string;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
    mkdir?: boolean;
    mode?: number;
    sync?: boolean;
  }
  export default function pinoRoll(options: PinoRollOptions): Promise<RollingStream>;
}
