// Camel Karavan's own core library (karavan-core, the code behind the Karavan editor) reads each
// file as Karavan opens it and writes it back as Karavan saves it: yamlToIntegration, then
// integrationToYaml. KaravanRoundTripTest runs this script and judges what it wrote.
//
// Usage: tsx roundtrip.ts <job.json>, where the job is
//   { "components": ["a.json", ...],   component descriptors Karavan knows (its catalog)
//     "kamelets": ["x.kamelet.yaml"],  kamelets found in Karavan.kameletsPath
//     "files": [{"source": "in.yaml", "target": "out.yaml"}] }
// It prints one line per file, "ok <source>" or "error <source>: <message>", and exits 0.
import * as fs from 'fs';
import * as path from 'path';
import { CamelDefinitionYaml } from 'karavan-core/src/core/api/CamelDefinitionYaml';
import { ComponentApi } from 'karavan-core/src/core/api/ComponentApi';
import { KameletApi } from 'karavan-core/src/core/api/KameletApi';

interface Job {
    components: string[];
    kamelets: string[];
    files: { source: string; target: string }[];
}

const job: Job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
ComponentApi.saveComponents(job.components.map(file => fs.readFileSync(file, 'utf8')), true);
KameletApi.saveKamelets(job.kamelets.map(file => fs.readFileSync(file, 'utf8')), true);

for (const file of job.files) {
    try {
        const integration = CamelDefinitionYaml.yamlToIntegration(path.basename(file.source),
            fs.readFileSync(file.source, 'utf8'));
        fs.mkdirSync(path.dirname(file.target), { recursive: true });
        fs.writeFileSync(file.target, CamelDefinitionYaml.integrationToYaml(integration));
        console.log('ok ' + file.source);
    } catch (e: any) {
        console.log('error ' + file.source + ': ' + (e?.message ?? e));
    }
}
