// The export path moved to the grid toolkit (one path for every grid); kept here for its importers.
export {
  exportCsvWithProvenance,
  ExportReceiptNotice,
  sha256OfText,
  type ExportReceipt,
} from '../../grids/export-csv';
