//! Code that asks for what the page does elsewhere gets a clear word, in both engines (the CLI runs
//! the page's harnesses): Kinesis control-plane calls point to the stream panel, and TypeScript is
//! named as such instead of failing on `interface` as a reserved word.

use crate::support::{shardlane, temp_file};

/// The message of the producer's error, from the CLI's stderr.
fn error_of(name: &str, code: &str) -> String {
    let script = temp_file(name, code);
    let output = shardlane(&["simulate", script.to_str().unwrap()], "");
    assert!(!output.status.success(), "{name} fails");
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn python_control_plane_calls_point_to_the_stream_panel() {
    for (call, panel) in [
        ("split_shard(StreamName='s', ShardToSplit='shardId-000000000000', NewStartingHashKey='1')", "use Split in the stream panel"),
        ("merge_shards(StreamName='s', ShardToMerge='a', AdjacentShardToMerge='b')", "use Merge in the stream panel"),
        ("update_shard_count(StreamName='s', TargetShardCount=8, ScalingType='UNIFORM_SCALING')", "set the shard count in the stream panel"),
        ("create_stream(StreamName='s', ShardCount=4)", "the stream already exists"),
        ("list_shards(StreamName='s')", "the stream panel lists the shards"),
    ] {
        let code = format!("import boto3\nkinesis = boto3.client('kinesis')\nkinesis.{call}\n");
        let error = error_of("control_plane.py", &code);
        let name = call.split('(').next().unwrap();
        assert!(
            error.contains(&format!("Shardlane does not run {name} from code")) && error.contains(panel),
            "{error}"
        );
        assert!(!error.contains("AttributeError"), "{error}");
    }
}

#[test]
fn javascript_control_plane_calls_point_to_the_stream_panel() {
    let v3 = "import { KinesisClient, SplitShardCommand } from '@aws-sdk/client-kinesis';\n\
              const client = new KinesisClient({});\n\
              await client.send(new SplitShardCommand({ StreamName: 's', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '1' }));\n";
    let error = error_of("split.mjs", v3);
    assert!(
        error.contains(
            "Shardlane does not run SplitShardCommand from code: use Split in the stream panel"
        ),
        "{error}"
    );
    let v2 = "const AWS = require('aws-sdk');\nconst kinesis = new AWS.Kinesis();\n\
              kinesis.updateShardCount({ StreamName: 's', TargetShardCount: 8 }, (error) => { if (error) throw error; });\n";
    let error = error_of("scale.js", v2);
    assert!(
        error.contains("set the shard count in the stream panel"),
        "{error}"
    );
}

#[test]
fn typescript_is_named_not_run() {
    let code = "import { KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';\n\
                interface Reading { device: string; value: number }\n\
                const readings: Reading[] = [{ device: 'd1', value: 1 }];\n";
    let error = error_of("producer.mjs", code);
    assert!(
        error.contains("This looks like TypeScript (an interface)"),
        "{error}"
    );
    assert!(error.contains("Remove the types"), "{error}");
    // Broken JavaScript without types keeps acorn's own message.
    let error = error_of("broken.mjs", "const x = ;\n");
    assert!(!error.contains("TypeScript"), "{error}");
}
