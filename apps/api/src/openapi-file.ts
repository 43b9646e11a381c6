/** The OpenAPI document as committed in openapi.json: two-space JSON, trailing newline. */
export function serialiseOpenApi(document: unknown): string {
  return JSON.stringify(document, null, 2) + '\n';
}
