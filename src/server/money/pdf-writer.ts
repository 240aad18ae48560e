import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

/**
 * A thin layer over PDFKit for Tandem's money documents (invoices, acts): A4, DejaVu Sans (so
 * Cyrillic renders and is extractable as text), bordered tables that grow with their text and
 * break across pages. Layout only — every figure arrives already formatted as a string.
 */
const require = createRequire(import.meta.url);
const FONT_REGULAR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

export interface Column {
  header: string;
  width: number;
  align?: 'left' | 'right' | 'center';
}

export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;
  readonly left = 50;
  readonly width: number;

  constructor(info: { title: string; author: string }) {
    this.doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: info.title, Author: info.author } });
    this.doc.registerFont('regular', FONT_REGULAR);
    this.doc.registerFont('bold', FONT_BOLD);
    this.doc.font('regular').fontSize(9);
    this.width = this.doc.page.width - 100;
    this.done = new Promise((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
  }

  private ensureSpace(height: number): void {
    if (this.doc.y + height > this.doc.page.height - this.doc.page.margins.bottom) this.doc.addPage();
  }

  title(text: string): this {
    this.doc.moveDown(0.5).font('bold').fontSize(13).text(text, this.left, this.doc.y, { width: this.width });
    this.doc.font('regular').fontSize(9).moveDown(0.5);
    return this;
  }

  paragraph(text: string, options: { bold?: boolean; size?: number } = {}): this {
    this.ensureSpace(14);
    this.doc
      .font(options.bold ? 'bold' : 'regular')
      .fontSize(options.size ?? 9)
      .text(text, this.left, this.doc.y, { width: this.width });
    this.doc.font('regular').fontSize(9);
    return this;
  }

  /** Label: value pairs, the label bold, one per line. */
  fields(rows: [string, string][]): this {
    for (const [label, value] of rows) {
      if (!value) continue;
      this.ensureSpace(14);
      const y = this.doc.y;
      this.doc.font('bold').text(label, this.left, y, { width: 110 });
      const labelBottom = this.doc.y;
      this.doc.font('regular').text(value, this.left + 115, y, { width: this.width - 115 });
      this.doc.y = Math.max(labelBottom, this.doc.y) + 2;
    }
    return this;
  }

  space(lines = 1): this {
    this.doc.moveDown(lines);
    return this;
  }

  /** A bordered table; each row is as tall as its tallest cell. */
  table(columns: Column[], rows: string[][], options: { headerBold?: boolean } = {}): this {
    const padding = 3;
    const drawRow = (cells: string[], bold: boolean) => {
      this.doc.font(bold ? 'bold' : 'regular');
      const height =
        Math.max(
          ...cells.map((cell, i) =>
            this.doc.heightOfString(cell || ' ', { width: columns[i]!.width - 2 * padding }),
          ),
        ) +
        2 * padding;
      this.ensureSpace(height);
      const y = this.doc.y;
      let x = this.left;
      cells.forEach((cell, i) => {
        const column = columns[i]!;
        this.doc.rect(x, y, column.width, height).lineWidth(0.5).stroke();
        this.doc.text(cell, x + padding, y + padding, {
          width: column.width - 2 * padding,
          align: column.align ?? 'left',
        });
        x += column.width;
      });
      this.doc.x = this.left;
      this.doc.y = y + height;
    };
    drawRow(
      columns.map((c) => c.header),
      options.headerBold ?? true,
    );
    for (const row of rows) drawRow(row, false);
    this.doc.font('regular');
    return this;
  }

  /** Right-aligned label: value lines under a table (totals). */
  totals(rows: [string, string, boolean?][]): this {
    this.doc.moveDown(0.3);
    for (const [label, value, bold] of rows) {
      this.ensureSpace(14);
      const y = this.doc.y;
      this.doc.font(bold ? 'bold' : 'regular');
      this.doc.text(label, this.left, y, { width: this.width - 110, align: 'right' });
      this.doc.text(value, this.left + this.width - 105, y, { width: 105, align: 'right' });
      this.doc.x = this.left;
    }
    this.doc.font('regular');
    return this;
  }

  /** Signature lines side by side: "Руководитель ______ / name /". */
  signatures(labels: string[]): this {
    this.doc.moveDown(2);
    this.ensureSpace(30);
    const y = this.doc.y;
    const each = this.width / labels.length;
    labels.forEach((label, i) => {
      this.doc.text(`${label} ____________________`, this.left + i * each, y, { width: each - 10 });
    });
    this.doc.x = this.left;
    return this;
  }

  async finish(): Promise<Buffer> {
    this.doc.end();
    return this.done;
  }
}
