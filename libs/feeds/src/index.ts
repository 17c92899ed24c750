export * from './records';
export * from './errors';
export * from './messages';
export * from './delivery';
export { readAafFile, aafEntityOf, AAF_ENTITIES, AAF_REQUIRED_ENTITIES } from './aaf.reader';
export { readSiecleStudents, readSiecleRelatives } from './siecle.reader';
export { readSts } from './sts.reader';
export { readOnde } from './onde.reader';
