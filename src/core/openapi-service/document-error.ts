/** A document that cannot be mounted: one line naming the file and the problem (the CLI exits 2). */
export class DocumentError extends Error {}
