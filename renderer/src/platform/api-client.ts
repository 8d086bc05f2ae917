import { createContext, useContext } from 'react';
import type { ConsoleBridge, EventName, EventPayload, In, Method, Out } from '../../../common/ipc/contract';
import { ConsoleError } from '../../../common/errors';
import { wireToError } from '../../../common/ipc/wire';

/** Components never see the wire envelope: calls resolve to the value or throw a ConsoleError. */
export function createClient(bridge: ConsoleBridge) {
  return {
    async call<M extends Method>(method: M, input: In<M>): Promise<Out<M>> {
      const res = await bridge.invoke(method, input);
      if (res.ok) return res.value;
      throw wireToError(res.error);
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      return bridge.on(event, listener);
    },
  };
}

export type ApiClient = ReturnType<typeof createClient>;

export const ApiContext = createContext<ApiClient | null>(null);

export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (!api) throw new ConsoleError('INTERNAL', 'useApi() outside <ApiContext.Provider>');
  return api;
}
