package dev.hookhouse.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BoundedBufferTest {

    @Test
    void collectsUpToTheLimitExactly() {
        BoundedBuffer buffer = new BoundedBuffer(10, 0);

        assertTrue(buffer.append(new byte[] {1, 2, 3, 4, 5, 6}, 0, 6));
        assertTrue(buffer.append(new byte[] {7, 8, 9, 10}, 0, 4));

        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, buffer.toByteArray());
    }

    @Test
    void refusesAChunkThatWouldPassTheLimitAndKeepsNothingOfIt() {
        BoundedBuffer buffer = new BoundedBuffer(10, 0);
        buffer.append(new byte[8], 0, 8);

        assertFalse(buffer.append(new byte[3], 0, 3));

        assertEquals(8, buffer.size());
    }

    @Test
    void growsPastItsFirstCapacity() {
        BoundedBuffer buffer = new BoundedBuffer(1_000_000, 16);
        byte[] chunk = new byte[1000];

        for (int i = 0; i < 1000; i++) {
            assertTrue(buffer.append(chunk, 0, chunk.length));
        }

        assertEquals(1_000_000, buffer.toByteArray().length);
    }
}
