// The JDK's built-in com.sun.net.httpserver answering a fixed JSON, on virtual threads: the zero-dependency
// alternative to Helidon, for the hello comparison. Run: java HelloJdk.java PORT
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

public class HelloJdk {
    public static void main(String[] args) throws Exception {
        byte[] body = "{\"status\":\"up\"}".getBytes();
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 1024);
        s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        s.createContext("/health", x -> {
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(200, body.length);
            try (var o = x.getResponseBody()) { o.write(body); }
        });
        s.start();
    }
}
