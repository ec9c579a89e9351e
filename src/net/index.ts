export * from './ipv4.js';
export * from './cidr.js';
export * from './lpm.js';
