// Writes src/generated/descriptors.ts from the .proto files in protos/. Run it with `npm run generate:protos`
// after editing a .proto file; test/protos.test.ts fails until the two agree.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { buildDescriptor, GENERATED_MODULE, renderDescriptorModule } from './build-descriptor.js';

const text = await renderDescriptorModule(buildDescriptor());
mkdirSync(dirname(GENERATED_MODULE), { recursive: true });
writeFileSync(GENERATED_MODULE, text);
console.log(`wrote ${relative(process.cwd(), GENERATED_MODULE)}`);
