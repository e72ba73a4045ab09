// An EventEmitter-driven producer using the v3 client's callback form, setImmediate and
// process.nextTick, with console formatting of objects.
const EventEmitter = require("events");
const { KinesisClient, PutRecordCommand } = require("@aws-sdk/client-kinesis");

class OrderQueue extends EventEmitter {}
const queue = new OrderQueue();
const client = new KinesisClient({ region: "us-east-1" });

queue.on("order", (order) => {
  client.send(new PutRecordCommand({ StreamName: "orders", PartitionKey: order.customer, Data: JSON.stringify(order) }), (err, data) => {
    if (err) return queue.emit("error", err);
    console.log("ROUTE", JSON.stringify(order.customer), data.ShardId, data.SequenceNumber);
    console.log("stored %s (%d items) %o", order.id, order.items.length, { shard: data.ShardId.slice(-1) !== "", ok: true });
  });
});
queue.on("error", (err) => console.error("failed:", err.message));

process.nextTick(() => queue.emit("order", { id: "o-1", customer: "c-42", items: ["book"] }));
setImmediate(() => queue.emit("order", { id: "o-2", customer: "c-7", items: ["pen", "ink"] }));
setTimeout(() => {
  queue.emit("order", { id: "o-3", customer: "c-42", items: [] });
  console.log({ emitted: 3, listeners: queue.listenerCount("order"), nested: { deep: { deeper: { deepest: 1 } } }, list: [1, "two", null, undefined] });
}, 0);
