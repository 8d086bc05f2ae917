import type { ColDef } from 'ag-grid-community';
import { useMemo, useRef, useState, type DragEvent } from 'react';
import type { AgentCertificateRow } from '../../../../common/ipc/methods/agent-build';
import { Button } from '../../components/button';
import { ErrorBanner } from '../../errors/presenter';
import { ConsoleGrid } from '../../grids/console-grid';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';

function toBase64(bytes: ArrayBuffer): string {
  let s = '';
  const view = new Uint8Array(bytes);
  for (let i = 0; i < view.length; i += 0x8000) s += String.fromCharCode(...view.subarray(i, i + 0x8000));
  return btoa(s);
}

/**
 * Trusted certificates grid: add by file or drag and drop (the content goes to main, which refuses
 * files holding a private key and expired certificates, and stores the certificate alone).
 */
export function AgentCertificates(props: {
  rows: AgentCertificateRow[];
  includeNonCA: boolean;
  onIncludeNonCA: (v: boolean) => void;
  onAdd: (rows: AgentCertificateRow[]) => void;
  onRemove: (paths: string[]) => void;
}) {
  const api = useApi();
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [dragging, setDragging] = useState(false);

  const addFiles = async (files: FileList | null) => {
    setError(null);
    for (const file of Array.from(files ?? [])) {
      try {
        props.onAdd(
          await api.call('agent.addCertificate', {
            fileName: file.name,
            contentBase64: toBase64(await file.arrayBuffer()),
          }),
        );
      } catch (err) {
        setError(err);
      }
    }
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    void addFiles(e.dataTransfer.files);
  };

  const columns = useMemo<ColDef<AgentCertificateRow>[]>(
    () => [
      { field: 'cn', headerName: t('agent.certs.col.name'), flex: 1, minWidth: 140 },
      { field: 'issuer', headerName: t('agent.certs.col.issuer'), width: 140 },
      {
        field: 'notAfter',
        headerName: t('agent.certs.col.validUntil'),
        width: 130,
        // The toolkit's day type: the console's language decides the format, not the browser's locale.
        type: 'day',
      },
      {
        field: 'fingerprintSha256',
        headerName: t('agent.certs.col.fingerprint'),
        width: 200,
        cellClass: 'mono',
      },
      {
        field: 'codeSigning',
        headerName: t('agent.certs.col.codeSigning'),
        width: 110,
        type: 'yesNo',
      },
      {
        field: 'isCA',
        headerName: t('agent.certs.col.ca'),
        width: 70,
        type: 'yesNo',
      },
      {
        colId: 'included',
        headerName: t('agent.certs.col.included'),
        width: 120,
        valueGetter: (p) => (p.data?.dropReason ? t(`agent.certs.dropped.${p.data.dropReason}`) : t('yes')),
      },
    ],
    [t],
  );

  return (
    <section
      className="agent-certs"
      data-testid="agent-certificates"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <div className="toolbar">
        <Button onClick={() => input.current?.click()} data-testid="agent-cert-add">
          {t('agent.certs.add')}
        </Button>
        <input
          ref={input}
          type="file"
          accept=".crt,.pem,.cer,.der"
          multiple
          hidden
          data-testid="agent-cert-file"
          onChange={(e) => {
            void addFiles(e.target.files);
            e.target.value = '';
          }}
        />
        <Button disabled={selected.length === 0} onClick={() => props.onRemove(selected)}>
          {t('agent.certs.remove')}
        </Button>
        <label className="check">
          <input
            type="checkbox"
            checked={props.includeNonCA}
            onChange={(e) => props.onIncludeNonCA(e.target.checked)}
            data-testid="agent-include-non-ca"
          />
          {t('agent.certs.includeNonCA')}
        </label>
        <span className="hint">{dragging ? t('agent.certs.drop') : ''}</span>
      </div>
      {error !== null && <ErrorBanner error={error} t={t} onDismiss={() => setError(null)} />}
      {/* Tall enough for 8 certificates (issue 15); styles.css, "Layouts a person can read". */}
      <div className="grid-host grid-host--dialog" data-testid="agent-certs-grid">
        <ConsoleGrid<AgentCertificateRow>
          rowData={props.rows}
          columnDefs={columns}
          getRowId={(p) => `${p.data.path}#${p.data.fingerprintSha256}`}
          checkboxes={false}
          onSelection={(s) => setSelected(s.rows.map((r) => r.path))}
        />
      </div>
    </section>
  );
}
