import { Type } from '@sinclair/typebox';
import { UUID } from '../../../domain/rules.js';

/** Schema pieces shared by operations. */
export const uuid = () => Type.String({ pattern: UUID.source.replace(/\/i$/, ''), maxLength: 36 });
export const projectParam = { project_id: Type.String({ minLength: 1, maxLength: 64 }) };
export const name64 = () => Type.String({ maxLength: 64 });
export const description255 = () => Type.String({ maxLength: 255 });
/** Strings the API echoes back are bounded, so a hostile body cannot grow the store without limit. */
export const shortString = (max = 255) => Type.String({ maxLength: max });
