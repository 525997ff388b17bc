// io-floor: what a `project --id` run costs in system calls and bytes alone, with the present
// guarantees (issue 12; docs/规模记录.md, session 15). Two threads, like reportgen on this machine:
// stat every project file (another project's edit, W-DEF-036), list the output folder and
// fstatat every file in it (a kept file edited by hand, E-OUT-010), read the two records, write
// manifest.json and the summary CSV with a sync (crash safety) and the records without.
// Build: cc -O2 -o /tmp/io-floor scripts/io-floor.c -lpthread
// Run:   /tmp/io-floor PKG OUT PACKAGE-RECORD PROJECT-RECORD SCRATCH   (records: $XDG_CACHE_HOME/reportgen/{packages,projects}/*.bin)
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>
typedef struct { int dfd; char **names; int from, to; } job;
static void *statall(void *p){ job *j=p; struct stat st; long s=0; for(int i=j->from;i<j->to;i++){ if(fstatat(j->dfd,j->names[i],&st,AT_SYMLINK_NOFOLLOW)==0) s+=st.st_size;} return (void*)s; }
static int list(const char *dir, char ***out){ DIR *d=opendir(dir); struct dirent *e; int n=0,cap=1024; char **v=malloc(cap*sizeof *v);
  while((e=readdir(d))){ if(e->d_name[0]=='.') continue; if(n==cap){cap*=2; v=realloc(v,cap*sizeof *v);} v[n++]=strdup(e->d_name);} closedir(d); *out=v; return n; }
static void stat2(const char *dir, char **names, int n){ int dfd=open(dir,O_RDONLY|O_DIRECTORY); pthread_t t; job a={dfd,names,0,n/2}, b={dfd,names,n/2,n};
  pthread_create(&t,0,statall,&a); statall(&b); pthread_join(t,0); close(dfd); }
static char *readall(const char *p, long *len){ int fd=open(p,O_RDONLY); struct stat st; fstat(fd,&st); char *b=malloc(st.st_size); long o=0; while(o<st.st_size){ long r=read(fd,b+o,st.st_size-o); if(r<=0)break; o+=r;} close(fd); *len=st.st_size; return b; }
static void writeto(const char *dir, const char *name, char *b, long len, int sync){ char tmp[4096], fin[4096]; snprintf(tmp,sizeof tmp,"%s/.%s.tmp",dir,name); snprintf(fin,sizeof fin,"%s/%s",dir,name);
  int fd=open(tmp,O_WRONLY|O_CREAT|O_TRUNC,0644); long o=0; while(o<len){ long w=write(fd,b+o,len-o); if(w<=0)break; o+=w;} if(sync) fdatasync(fd); close(fd); rename(tmp,fin); }
static double now(){ struct timespec t; clock_gettime(CLOCK_MONOTONIC,&t); return t.tv_sec+t.tv_nsec/1e9; }
int main(int argc,char**argv){ // pkgdir outdir packagerecord projectrecord scratch
  double t0=now(); char **p,**o; char d[4096]; snprintf(d,sizeof d,"%s/projects",argv[1]);
  int np=list(d,&p); stat2(d,p,np); double t1=now();
  int no=list(argv[2],&o); stat2(argv[2],o,no); double t2=now();
  long l1,l2,l3,l4; char *r1=readall(argv[3],&l1), *r2=readall(argv[4],&l2); char m[4096]; snprintf(m,sizeof m,"%s/manifest.json",argv[2]); char *r3=readall(m,&l3);
  snprintf(m,sizeof m,"%s/项目支出绩效自评汇总表.csv",argv[2]); char *r4=readall(m,&l4); double t3=now();
  writeto(argv[5],"manifest.json",r3,l3,1); writeto(argv[5],"s.csv",r4,l4,1); double t35=now(); writeto(argv[5],"pkg.bin",r1,l1,0); writeto(argv[5],"prj.bin",r2,l2,0); double t4=now(); printf("outputs written+synced %.1f ms, records written %.1f ms\n",(t35-t3)*1e3,(t4-t35)*1e3);
  printf("projects %d stat %.1f ms | out %d list+stat %.1f ms | read %.1f MB %.1f ms | write %.1f ms | total %.1f ms\n", np,(t1-t0)*1e3,no,(t2-t1)*1e3,(l1+l2+l3+l4)/1e6,(t3-t2)*1e3,(t4-t3)*1e3,(t4-t0)*1e3);
}
