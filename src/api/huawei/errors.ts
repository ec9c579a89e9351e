import { ApiError, Errors } from '../../domain/errors.js';
import type { Family } from './family.js';

/**
 * Serialises an ApiError once, in the family's native shape, always adding `error_code`
 * and `error_msg`: the official SDK reads only those (huawei-sdk.md, Responses and errors).
 */
export function errorBody(family: Family, err: ApiError, requestId: string): Record<string, unknown> {
  const common = { error_code: err.code, error_msg: err.message };
  if (err.code.startsWith('APIGW.')) {
    // Gateway errors look the same whatever the path (huawei-api.md §2 item 4).
    return err.status === 404 ? { message: err.message, ...common, request_id: requestId } : { ...common, request_id: requestId };
  }
  switch (family) {
    case 'v1':
      return { code: err.code, message: err.message, ...common };
    case 'v2':
      return { NeutronError: { type: err.neutronType, message: err.message, detail: '' }, ...common };
    default:
      return { ...common, request_id: requestId };
  }
}

/** Maps framework and transport failures onto the catalogue; anything unknown is our bug (500). */
export function toApiError(err: unknown, invalid: (detail: string) => ApiError): ApiError {
  if (err instanceof ApiError) return err;
  const e = err as { code?: string; statusCode?: number; validation?: Array<{ instancePath?: string; message?: string; params?: unknown }>; message?: string };
  if (e.validation) {
    const first = e.validation[0];
    const where = first?.instancePath ? first.instancePath.replace(/^\//, '').replace(/\//g, '.') : 'request';
    return invalid(`${where} ${first?.message ?? 'is invalid'}`.trim());
  }
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return Errors.bodyTooLarge();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return Errors.unsupportedMediaType('unsupported');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return invalid(`the request body is not valid JSON: ${e.message ?? ''}`);
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return invalid(e.message ?? 'bad request');
  }
  return Errors.internal();
}
