// A producer that tries to reach the network another way: a nested worker, or the cache API.
const AWS = require("aws-sdk");

try {
  caches.open("orders");
} catch (error) {
  console.log(error.message);
}
new Worker("data:text/javascript,fetch('https://example.com')");
