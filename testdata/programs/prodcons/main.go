// Producer/consumer over channels: producers send, consumers sum, the
// main goroutine closes and collects.
package main

import "fmt"

func main() {
	jobs := make(chan int)
	sums := make(chan int)
	done := make(chan struct{})
	for p := range 3 {
		go func() {
			for i := range 100 {
				jobs <- p*1000 + i
			}
			done <- struct{}{}
		}()
	}
	for range 2 {
		go func() {
			s := 0
			for v := range jobs {
				s += v
			}
			sums <- s
		}()
	}
	for range 3 {
		<-done
	}
	close(jobs)
	total := <-sums + <-sums
	fmt.Println("total", total)
}
