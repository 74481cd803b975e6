package org.ssk.agent.source;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.ssk.agent.trace.Trace;

class TraceSourceContractTest extends SensorSourceContract {
    @TempDir
    Path dir;

    @Override
    SensorSource pacedSource() throws Exception {
        Path json = Files.writeString(dir.resolve("t.json"), """
                {"shelf":"T1","sps":10,"lanes":[{"id":"1","sku":"rice","unitGrams":500,"capacityGrams":5000,"initialQty":2}]}
                """);
        StringBuilder csv = new StringBuilder("t_ms,sensor,value\n");
        for (int i = 0; i < 100; i++) {
            csv.append(i * 50).append(",lane:1,").append(1000 + i % 3).append('\n');
        }
        csv.append("60000,lane:1,1000\n");
        return TraceSource.open(Trace.open(json, Files.writeString(dir.resolve("t.csv"), csv)), 1, true);
    }
}
